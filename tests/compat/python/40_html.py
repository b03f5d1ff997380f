# html escaping and html.parser.
import html
from html.parser import HTMLParser

print(html.escape('<a href="x">Tom & Jerry\'s</a>'), html.escape("<b>", quote=False))
print(html.unescape("&lt;p&gt;caf&eacute; &amp; cr&#232;me &#x263A; &nbsp;|&copy;"))


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.text = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        self.depth += 1
        if tag == "a":
            self.links.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        self.depth -= 1

    def handle_data(self, data):
        if data.strip():
            self.text.append(data.strip())


page = """<html><head><title>Test page</title></head>
<body><h1 class="big">Welcome</h1>
<p>Read the <a href="/docs">docs</a> or <a href="https://example.com/?q=1&amp;r=2">search</a>.</p>
<ul><li>One</li><li>Two &amp; three</li></ul></body></html>"""
collector = LinkCollector()
collector.feed(page)
collector.close()
print(collector.links)
print(collector.text, collector.depth)


class TagCounter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.counts = {}

    def handle_starttag(self, tag, attrs):
        self.counts[tag] = self.counts.get(tag, 0) + 1


counter = TagCounter()
counter.feed(page)
print(sorted(counter.counts.items()))
