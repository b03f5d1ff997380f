# Exceptions: handling, custom hierarchies, chaining, notes, finally.
class AppError(Exception):
    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


class NotFound(AppError):
    pass


def lookup(table, key):
    try:
        return table[key]
    except KeyError as e:
        raise NotFound(f"no {key!r}", 404) from e


for key in ("a", "z"):
    try:
        print("found", lookup({"a": 1}, key))
    except AppError as e:
        print(type(e).__name__, e, e.code, type(e.__cause__).__name__, e.__cause__)

def divide(a, b):
    try:
        result = a / b
    except ZeroDivisionError:
        print("division by zero")
        return None
    else:
        print("no error")
        return result
    finally:
        print("finally runs")


print(divide(1, 2), divide(1, 0))

try:
    try:
        int("x")
    except ValueError:
        raise RuntimeError("while parsing")
except RuntimeError as e:
    print(e, "| context:", type(e.__context__).__name__, e.__suppress_context__)

try:
    raise ValueError("suppressed context") from None
except ValueError as e:
    print(e.__cause__, e.__suppress_context__)

try:
    e = TypeError("with notes")
    e.add_note("first note")
    e.add_note("second note")
    raise e
except TypeError as err:
    print(err, err.__notes__)

errors = []
for value in ["1", "x", None, "3"]:
    try:
        errors.append(int(value))
    except (ValueError, TypeError) as e:
        errors.append(type(e).__name__)
print(errors)

print(issubclass(NotFound, Exception), issubclass(KeyError, LookupError), issubclass(ZeroDivisionError, ArithmeticError))
print([cls.__name__ for cls in NotFound.__mro__])


def nested():
    try:
        return "from try"
    finally:
        print("finally before return")


print(nested())

try:
    assert 1 + 1 == 3, "arithmetic"
except AssertionError as e:
    print("AssertionError:", e)

try:
    {}["k"]
except LookupError as e:
    print(repr(e))

try:
    [].pop()
except IndexError as e:
    print(e)

try:
    raise StopIteration
except Exception as e:
    print(type(e).__name__, isinstance(e, Exception))
print(repr(ValueError("x", 1)), str(KeyError("k")), ValueError("a", "b").args)
