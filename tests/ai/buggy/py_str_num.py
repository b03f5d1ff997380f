"""Totals from a small CSV export."""

ROWS = "apples,3\npears,5\nplums,12\n"

total = 0
for row in ROWS.splitlines():
    name, count = row.split(",")
    total += count
assert total == 20, total
print(f"{total} fruits")
