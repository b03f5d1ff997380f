"""The team sorted by age, youngest first."""

TEAM = [("mia", 34), ("leo", 27), ("zoe", 41), ("abe", 30)]


def by_age():
    ordered = sorted(TEAM, key=lambda person: person[0])
    names = [name for name, _ in ordered]
    assert names == ["leo", "abe", "mia", "zoe"], names
    return names
