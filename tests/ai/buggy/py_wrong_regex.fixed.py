"""Dates mentioned in a changelog."""

import re

CHANGELOG = "1.2 released 2024-03-05; 1.3 released 2024-11-20 after a delay"


def release_dates():
    dates = re.findall(r"\d{4}-\d{2}-\d{2}", CHANGELOG)
    assert dates == ["2024-03-05", "2024-11-20"], dates
    return dates
