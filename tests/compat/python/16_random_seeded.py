# random with a fixed seed gives the same sequence everywhere.
import random

rng = random.Random(12345)
print(rng.random(), rng.randint(1, 100), rng.randrange(0, 1000, 7), rng.uniform(1, 2))
print(rng.choice("abcdefg"), rng.choices(range(10), k=5), rng.sample(range(100), 5))
deck = list(range(10))
rng.shuffle(deck)
print(deck)
print(round(rng.gauss(0, 1), 12), round(rng.normalvariate(10, 2), 12), round(rng.expovariate(1.5), 12))
print(rng.getrandbits(64), rng.randbytes(8).hex())
print(rng.choices("xyz", weights=[10, 1, 1], k=8), round(rng.triangular(0, 10, 3), 12))
random.seed("a string seed")
print(random.random(), random.randint(0, 10**12))
state = rng.getstate()
first = [rng.random() for _ in range(3)]
rng.setstate(state)
print(first == [rng.random() for _ in range(3)])
print(round(rng.betavariate(2, 3), 12), round(rng.lognormvariate(0, 0.5), 12), round(rng.vonmisesvariate(1, 2), 12))
