def fizzbuzz(n: int) -> str:
    """Return the FizzBuzz word for n.

    >>> fizzbuzz(15)
    'FizzBuzz'
    >>> fizzbuzz(7)
    '7'
    """
    if n % 15 == 0:
        return "FizzBuzz"
    return "Fizz" if n % 3 == 0 else "Buzz" if n % 5 == 0 else str(n)


print(", ".join(fizzbuzz(i) for i in range(1, 16)))


def average_word_length(words: list[str]) -> float:
    return sum(len(w) for w in words) / len(words)


print(average_word_length(["sandbox", "wasm"]))
print(average_word_length([]))  # a bug: ZeroDivisionError, reported at line 18
