# Exception groups and except*.
def run_all(tasks):
    errors = []
    for task in tasks:
        try:
            task()
        except Exception as e:
            errors.append(e)
    if errors:
        raise ExceptionGroup("some tasks failed", errors)


def bad_value():
    raise ValueError("bad value")


def bad_type():
    raise TypeError("bad type")


def missing():
    raise KeyError("missing")


try:
    run_all([bad_value, lambda: None, bad_type, missing, bad_value])
except* ValueError as group:
    print("values:", [str(e) for e in group.exceptions])
except* (TypeError, KeyError) as group:
    print("others:", sorted(type(e).__name__ for e in group.exceptions))

eg = ExceptionGroup("outer", [ValueError(1), ExceptionGroup("inner", [TypeError(2), ValueError(3)])])
matched, rest = eg.split(ValueError)
print(repr(matched), repr(rest))
print(eg.subgroup(lambda e: isinstance(e, TypeError)).exceptions[0].exceptions, len(eg.exceptions))
try:
    try:
        raise eg
    except* TypeError:
        print("handled the TypeError")
except ExceptionGroup as remaining:
    print("left over:", [repr(e) for e in remaining.exceptions])
print(issubclass(ExceptionGroup, Exception), issubclass(BaseExceptionGroup, BaseException), eg.message)
