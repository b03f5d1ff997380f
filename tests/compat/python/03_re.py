# Regular expressions.
import re

text = "Contact: alice@example.com, bob.smith@test.org; phone +1-555-0100 on 2024-03-15."
print(re.findall(r"[\w.]+@[\w.]+\w", text))
print(re.search(r"(\d{4})-(\d{2})-(\d{2})", text).groups())
m = re.search(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})", text)
print(m.group("year"), m["month"], m.groupdict(), m.span(), m.start("day"))
print(re.sub(r"(\w+)@(\w+)", r"\2 at \1", "user@host"))
print(re.sub(r"\d", lambda mo: str(int(mo.group()) * 2), "a1b2c3"))
print(re.split(r"[,;]\s*", "a, b;c,   d"))
print(re.split(r"(-)", "1-2-3", maxsplit=1))
print(re.fullmatch(r"[a-z]+", "abc") is not None, re.fullmatch(r"[a-z]+", "abc1"))
print(re.match(r"hello", "HELLO world", re.IGNORECASE).group())
pattern = re.compile(r"""
    ^(?P<key>[a-z_]+)   # key
    \s*=\s*
    (?P<value>.*)$      # value
""", re.VERBOSE | re.MULTILINE)
config = "name = codemode\nlevel=3\n# comment\nmode =  fast"
print([(mo["key"], mo["value"]) for mo in pattern.finditer(config)])
print(re.findall(r"^\w", "ab\ncd\nef", re.M), re.findall(r"a.c", "a\nc", re.S))
print(re.escape("1+1=2?"), re.subn(r"o", "0", "foo boo"))
print(re.findall(r"(\w)(\d)", "a1 b2 c3"), re.findall(r"\bcat\b", "cat concat cat."))
print(re.sub(r"(?<=\d)(?=(\d{3})+$)", ",", "1234567"))
print(re.findall(r"<.+?>", "<a><b></b></a>"), re.findall(r"<.+>", "<a><b>"))
print(bool(re.match(r"(\w+) \1", "hey hey")), re.sub(r"\s+", " ", "a  \t b\n\nc"))
print(re.findall(r"[α-ω]+", "abc αβγ def δε"), re.findall(r"\d+", "１２3"))
try:
    re.compile("(unclosed")
except re.error as e:
    print("re.error at position", e.pos)
