# xml.etree.ElementTree and xml.dom.minidom.
import xml.etree.ElementTree as ET
from xml.dom import minidom

document = """<?xml version="1.0"?>
<library>
  <book id="1" lang="en"><title>Dune</title><year>1965</year><tag>scifi</tag><tag>classic</tag></book>
  <book id="2" lang="fr"><title>L'Étranger</title><year>1942</year></book>
  <book id="3" lang="en"><title>Neuromancer</title><year>1984</year><tag>scifi</tag></book>
</library>"""
root = ET.fromstring(document)
print(root.tag, len(root), [b.get("id") for b in root.findall("book")])
for book in root.iter("book"):
    print(book.attrib["id"], book.findtext("title"), int(book.find("year").text), [t.text for t in book.findall("tag")])
print([b.findtext("title") for b in root.findall(".//book[@lang='en']")])
print([t.text for t in root.iterfind(".//book/tag")], root.find("book[2]/title").text)
new = ET.SubElement(root, "book", id="4", lang="de")
ET.SubElement(new, "title").text = "Der Prozess & <mehr>"
root.remove(root.find("book[@id='2']"))
print(ET.tostring(new, encoding="unicode"))
tree = ET.Element("config", version="2")
for key, value in [("host", "localhost"), ("port", "8080")]:
    ET.SubElement(tree, "option", name=key).text = value
ET.indent(tree)
print(ET.tostring(tree, encoding="unicode"))
print(ET.tostring(ET.fromstring("<a><b/>text<c>x</c>tail</a>"), encoding="unicode"))
dom = minidom.parseString("<root><item n='1'>one</item><item n='2'>two</item></root>")
print([(i.getAttribute("n"), i.firstChild.data) for i in dom.getElementsByTagName("item")])
print(dom.documentElement.toprettyxml(indent="  ").strip())
try:
    ET.fromstring("<unclosed>")
except ET.ParseError as e:
    print("ParseError", e.position)
