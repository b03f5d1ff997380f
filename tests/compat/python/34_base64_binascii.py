# base64 and binascii.
import base64
import binascii

raw = "Hello, wörld! ✓".encode("utf-8")
print(base64.b64encode(raw), base64.b64decode(base64.b64encode(raw)).decode())
print(base64.urlsafe_b64encode(b"\xfb\xff\xfe"), base64.b64encode(b"\xfb\xff\xfe"))
print(base64.b32encode(b"codemode"), base64.b32decode(b"MNXWIZLNN5SGK==="))
print(base64.b16encode(b"\x00\xab"), base64.a85encode(b"hello"), base64.b85encode(b"hello"))
print(base64.b64decode("aGk"  + "=="), base64.standard_b64decode(b"YWJj"))
print(base64.encodebytes(b"x" * 60))
print(binascii.hexlify(b"\x01\xfe"), binascii.unhexlify("cafe"), binascii.hexlify(b"abc", "-"))
print(binascii.crc32(b"hello world"), binascii.crc_hqx(b"hello", 0), hex(binascii.crc32(b"")))
print(binascii.b2a_base64(b"data"), binascii.a2b_base64(b"ZGF0YQ=="), bytes.fromhex("de ad be ef").hex(":"))
try:
    base64.b64decode("abc", validate=True)
except binascii.Error as e:
    print("binascii.Error")
