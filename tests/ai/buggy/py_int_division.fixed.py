"""Splitting a restaurant bill."""

BILL = 135
PEOPLE = 4


def share_per_person():
    share = BILL / PEOPLE
    assert share == 33.75, share
    return share
