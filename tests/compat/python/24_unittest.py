# unittest: run a TestCase and print the result without the timing line.
import io
import unittest


def add(a, b):
    return a + b


class AddTests(unittest.TestCase):
    def setUp(self):
        self.values = [1, 2, 3]

    def test_add(self):
        self.assertEqual(add(2, 3), 5)

    def test_sum(self):
        self.assertEqual(sum(self.values), 6)

    def test_raises(self):
        with self.assertRaises(TypeError):
            add(1, "2")

    def test_fails(self):
        self.assertEqual(add(1, 1), 3, "math is broken")

    @unittest.skip("not now")
    def test_skipped(self):
        pass

    def test_subtests(self):
        for n in range(3):
            with self.subTest(n=n):
                self.assertGreaterEqual(n, 0)


stream = io.StringIO()
suite = unittest.defaultTestLoader.loadTestsFromTestCase(AddTests)
result = unittest.TextTestRunner(stream=stream, verbosity=0).run(suite)
print("ran", result.testsRun, "ok" if result.wasSuccessful() else "failed")
print("failures", [test.id().split(".")[-1] for test, _ in result.failures])
print("errors", len(result.errors), "skipped", [(t.id().split(".")[-1], why) for t, why in result.skipped])
print(result.failures[0][1].strip().splitlines()[-1])
assert "Ran 6 tests" in stream.getvalue()
