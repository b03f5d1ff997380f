# Sorting: keys, stability, reverse, multiple criteria.
from operator import attrgetter, itemgetter

people = [("ann", 31, "red"), ("bob", 25, "blue"), ("cy", 31, "blue"), ("di", 25, "red"), ("ed", 40, "red")]
print(sorted(people, key=itemgetter(1)))
print(sorted(people, key=itemgetter(1, 0), reverse=True))
print(sorted(people, key=lambda p: (p[2], -p[1], p[0])))
by_team = sorted(people, key=itemgetter(2))
print([p[0] for p in sorted(by_team, key=itemgetter(1))])
words = ["banana", "Apple", "cherry", "apple", "Banana", "date"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len), sorted(words, key=lambda w: (len(w), w)))
nums = [3, -1, 4, -1, 5, -9, 2, 6]
nums.sort(key=abs)
print(nums, sorted(nums, reverse=True), min(nums, key=abs), max(nums, key=lambda x: x * x))


class Card:
    def __init__(self, rank, suit):
        self.rank, self.suit = rank, suit

    def __repr__(self):
        return f"{self.rank}{self.suit}"


cards = [Card(10, "h"), Card(2, "s"), Card(10, "c"), Card(5, "h")]
print(sorted(cards, key=attrgetter("rank", "suit")), sorted(cards, key=attrgetter("suit")))
print(sorted({"b": 2, "a": 3, "c": 1}.items(), key=itemgetter(1)), sorted([3, 1, 2], reverse=True))
print(sorted([[3, "c"], [1, "b"], [3, "a"]]), sorted([(1, None)] * 2), sorted("hello world"))
print(sorted([1.5, float("inf"), -2, 0, 1e-3]), sorted([True, False, 2, -1]))
data = list(range(20))
import random
random.Random(7).shuffle(data)
print(data, sorted(data) == list(range(20)))
matrix = [[3, 1, 2], [9, 8, 7]]
print([sorted(row) for row in matrix], sorted(matrix, key=sum, reverse=True), list(zip(*matrix)))
