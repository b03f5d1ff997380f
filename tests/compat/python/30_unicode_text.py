# Unicode text: normalisation, case, names, encodings.
import unicodedata

text = "Crème brûlée à Paris — ½ €5, naïve café, Ελληνικά, русский, 日本語"
print(text, len(text), text.upper())
print(text.encode("utf-8")[:20], len(text.encode("utf-8")), len(text.encode("utf-16-le")))
print("straße".upper(), "Straße".casefold() == "STRASSE".casefold(), "ǅ".lower(), "ß".swapcase())
composed = "é"
decomposed = unicodedata.normalize("NFD", composed)
print(len(composed), len(decomposed), unicodedata.normalize("NFC", decomposed) == composed)
print(unicodedata.normalize("NFKC", "ﬁ ① ２"), unicodedata.normalize("NFKD", "½"))
for ch in "aé€½Ω😀":
    print(repr(ch), hex(ord(ch)), unicodedata.name(ch), unicodedata.category(ch))
print(unicodedata.numeric("½"), unicodedata.digit("٣"), unicodedata.decimal("७"))
print("".join(c for c in unicodedata.normalize("NFD", "Ångström") if not unicodedata.combining(c)))
print("٣".isdigit(), "½".isnumeric(), "x²".isalnum(), "Ω".isalpha(), "日本".isidentifier())
print(sorted(["b", "B", "a", "é", "e", "É"]), sorted(["b", "B", "a"], key=str.lower))
print("😀".encode("utf-8"), "😀".encode("utf-16-be"), len("😀"), "👍🏽"[0] == "👍")
print("caf\u00e9" == "café", "\N{GREEK SMALL LETTER ALPHA}", "\x41\u0042\U00000043")
print(b"caf\xc3\xa9".decode("utf-8"), b"caf\xe9".decode("latin-1"), "café".encode("ascii", "replace"))
print("café".encode("ascii", "xmlcharrefreplace"), "café".encode("ascii", "backslashreplace"))
print(b"\xff\xfe".decode("utf-8", "replace"), b"a\xffb".decode("utf-8", "ignore"))
print("abc".center(11, "·"), "→".join(["x", "y"]), "tab\tend".expandtabs(4))
print(repr("line\nbreak\ttab 'quote' \"dq\" \\ \x00 \x7f é"))
