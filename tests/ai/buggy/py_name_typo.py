"""Invoice lines with tax."""

TAX = 0.2
LINES = [("pen", 1.5), ("book", 12.0)]


def invoice_total():
    subtotal = sum(price for _, price in LINES)
    total = subtotal * (1 + TAX)
    return round(totl, 2)
