# A program that reports failure through its exit status.
import sys

results = {"passed": 7, "failed": 2}
print(f"{results['passed']} passed, {results['failed']} failed")
sys.stdout.flush()
if results["failed"]:
    sys.exit(3)
print("not reached")
