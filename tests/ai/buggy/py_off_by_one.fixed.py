"""Moving sums over a series of daily readings."""

READINGS = [3, 1, 4, 1, 5, 9, 2, 6]


def window_sums():
    k = 3
    sums = []
    for i in range(len(READINGS) - k + 1):
        sums.append(sum(READINGS[i : i + k]))
    assert sums == [8, 6, 10, 15, 16, 17], sums
    return sums
