"""Dropping empty entries from a list of tags."""

RAW = ["a", "", "", "b", "", "c"]


def clean_tags():
    tags = list(RAW)
    tags = [tag for tag in tags if tag != ""]
    assert tags == ["a", "b", "c"], tags
    return tags
