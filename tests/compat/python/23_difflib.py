# difflib: diffs and similarity.
import difflib

old = ["apple\n", "banana\n", "cherry\n", "date\n"]
new = ["apple\n", "blueberry\n", "cherry\n", "date\n", "elderberry\n"]
print("".join(difflib.unified_diff(old, new, fromfile="old.txt", tofile="new.txt")))
print("".join(difflib.context_diff(old, new, n=1)))
print("".join(difflib.ndiff(["one\n", "two\n"], ["one\n", "tree\n"])))
matcher = difflib.SequenceMatcher(None, "the quick brown fox", "the quack brown box")
print(round(matcher.ratio(), 6), matcher.get_matching_blocks())
for op in matcher.get_opcodes():
    print(op)
print(difflib.get_close_matches("appel", ["ape", "apple", "peach", "puppy"]))
print(difflib.get_close_matches("wheel", ["while", "whale", "wheat", "shell"], n=2, cutoff=0.5))
