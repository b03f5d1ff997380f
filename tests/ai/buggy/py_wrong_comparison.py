"""Exam grades: 90 and above is an A."""

SCORES = {"ana": 90, "ben": 89, "cy": 97}


def grade_a_students():
    a_students = [name for name, score in SCORES.items() if score > 90]
    assert a_students == ["ana", "cy"], a_students
    return a_students
