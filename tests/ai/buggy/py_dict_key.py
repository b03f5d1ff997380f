"""Order totals."""


def order_total(order):
    """Sum of price × quantity over the order's lines.

    >>> order_total({"lines": [{"sku": "a", "price": 2.5, "qty": 2}, {"sku": "b", "price": 1.0, "qty": 3}]})
    8.0
    """
    total = 0.0
    for line in order["lines"]:
        total += line["cost"] * line["qty"]
    return total
