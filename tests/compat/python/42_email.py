# email: building and parsing messages (no sending).
from email import message_from_string, policy
from email.message import EmailMessage
from email.utils import formataddr, getaddresses, parseaddr

raw = """From: Ann Example <ann@example.com>
To: bob@example.org, "Cy, Jr." <cy@example.net>
Subject: =?utf-8?q?R=C3=A9union?= tomorrow
Date: Mon, 15 Jan 2024 10:30:00 +0100
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

Hello,=20
the meeting is at 10:00 in the caf=C3=A9.
"""
msg = message_from_string(raw, policy=policy.default)
print(msg["subject"], "|", msg["from"].addresses[0].display_name, "|", msg["from"].addresses[0].addr_spec)
print([a.addr_spec for a in msg["to"].addresses], msg["date"].datetime.isoformat())
print(msg.get_content_type(), msg.get_content_charset(), repr(msg.get_content()))
print(parseaddr("Zoë <zoe@example.com>"), formataddr(("Zoë", "zoe@example.com")))
print(getaddresses(["a@x.com, B <b@y.com>"]))
out = EmailMessage()
out["From"] = "robot@example.com"
out["To"] = "human@example.com"
out["Subject"] = "Report"
out.set_content("Line one.\nLine two.\n")
out.add_attachment(b"\x00\x01\x02", maintype="application", subtype="octet-stream", filename="data.bin")
print(out.is_multipart(), [part.get_content_type() for part in out.iter_parts()])
print(out.get_body(preferencelist=("plain",)).get_content())
attachment = next(out.iter_attachments())
print(attachment.get_filename(), attachment.get_content())
reparsed = message_from_string(out.as_string(), policy=policy.default)
print(reparsed["subject"], len(list(reparsed.iter_parts())))
