# codecs and text encodings.
import codecs

text = "Grüße, Ελλάδα! ☃"
for encoding in ("utf-8", "utf-16", "utf-16-le", "utf-32-be", "latin-1", "cp1252", "iso8859-7", "koi8-r", "shift_jis", "gb2312", "euc-kr", "big5", "idna", "punycode"):
    sample = {"latin-1": "Grüße", "cp1252": "Grüße €", "iso8859-7": "Ελλάδα", "koi8-r": "привет",
              "shift_jis": "日本語", "gb2312": "中文", "euc-kr": "한국어", "big5": "中文",
              "idna": "bücher.example", "punycode": "bücher"}.get(encoding, text)
    data = sample.encode(encoding)
    print(encoding, data if len(data) < 40 else data[:40], data.decode(encoding) == sample)
print(codecs.encode("Hello", "rot13"), codecs.decode(b"68656c6c6f", "hex"), codecs.encode(b"hi", "base64"))
print(codecs.BOM_UTF8, codecs.lookup("UTF8").name, codecs.lookup("latin1").name)
print("naïve".encode("ascii", errors="ignore"), "x\u2028y".splitlines(), b"\xe9t\xe9".decode("cp1252"))
decoder = codecs.getincrementaldecoder("utf-8")()
print([decoder.decode(bytes([b])) for b in "é€".encode()])
try:
    "€".encode("latin-1")
except UnicodeEncodeError as e:
    print("UnicodeEncodeError", e.encoding, e.start, e.end, e.reason)
try:
    b"\xc3\x28".decode("utf-8")
except UnicodeDecodeError as e:
    print("UnicodeDecodeError", e.encoding, e.start, e.reason)
