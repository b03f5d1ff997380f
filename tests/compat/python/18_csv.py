# csv through io.StringIO.
import csv
import io

rows = [["name", "city", "score"], ["Ann", "Paris, FR", 9.5], ["Bob", 'Say "hi"', 7], ["Cy", "", 0]]
buffer = io.StringIO()
writer = csv.writer(buffer)
writer.writerows(rows)
print(repr(buffer.getvalue()))
buffer.seek(0)
for row in csv.reader(buffer):
    print(row)
out = io.StringIO()
dict_writer = csv.DictWriter(out, fieldnames=["id", "label"], lineterminator="\n")
dict_writer.writeheader()
dict_writer.writerow({"id": 1, "label": "one"})
dict_writer.writerows([{"id": 2, "label": "two;2"}, {"id": 3, "label": "line\nbreak"}])
print(out.getvalue())
for record in csv.DictReader(io.StringIO(out.getvalue())):
    print(dict(record))
semi = io.StringIO("a;b;c\n1;2;3\n")
print(list(csv.reader(semi, delimiter=";")))
tsv = io.StringIO()
csv.writer(tsv, delimiter="\t", quoting=csv.QUOTE_ALL, lineterminator="\n").writerow(["x", 1, None])
print(repr(tsv.getvalue()))
sample = "year,make,model\n1997,Ford,E350\n"
print(csv.Sniffer().has_header(sample), csv.Sniffer().sniff(sample).delimiter)
