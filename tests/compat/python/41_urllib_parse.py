# urllib.parse: splitting, joining, quoting URLs and query strings.
from urllib.parse import (parse_qs, parse_qsl, quote, quote_plus, unquote, unquote_plus,
                          urldefrag, urlencode, urljoin, urlparse, urlsplit, urlunparse)

url = "https://user:pw@example.com:8443/a/b;params/c.html?q=py+thon&lang=en&lang=fr#section-2"
parts = urlparse(url)
print(parts.scheme, parts.netloc, parts.path, parts.params, parts.query, parts.fragment)
print(parts.hostname, parts.port, parts.username, parts.password)
print(parse_qs(parts.query), parse_qsl(parts.query))
print(urlunparse(parts._replace(query="", fragment="")))
print(urlsplit("//host/path").netloc, urlsplit("mailto:someone@example.com").path)
print(urljoin("https://a.com/x/y/z", "../q"), urljoin("https://a.com/x/", "/root"), urljoin("https://a.com/x", "//b.org/p"))
print(urlencode({"name": "Jöhn Doe", "tags": ["a", "b"], "n": 3}, doseq=True))
print(quote("a b/c?d=é"), quote("a b/c", safe=""), quote_plus("a b&c"), unquote("caf%C3%A9%20x"), unquote_plus("a+b%2Bc"))
print(urldefrag("http://x.org/p#frag"), urlparse("http://[::1]:80/").hostname)
