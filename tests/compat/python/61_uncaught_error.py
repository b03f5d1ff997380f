# An uncaught exception: what was printed before stays, and the exit status is 1.
def parse(line):
    key, value = line.split("=")
    return key.strip(), int(value)


for line in ["a = 1", "b = 2", "c = three"]:
    print(parse(line))
