# heapq and bisect.
import bisect
import heapq

nums = [5, 1, 8, 3, 9, 2, 7]
heap = list(nums)
heapq.heapify(heap)
print(heap[0], [heapq.heappop(heap) for _ in range(3)], heap[0])
heapq.heappush(heap, 0)
print(heapq.heappushpop(heap, 4), heapq.heapreplace(heap, 10), sorted(heap))
print(heapq.nlargest(3, nums), heapq.nsmallest(2, nums), heapq.nlargest(2, ["aa", "b", "cccc"], key=len))
print(list(heapq.merge([1, 4, 9], [2, 3, 10], [5])))
tasks = []
for priority, name in [(3, "low"), (1, "urgent"), (2, "normal"), (1, "also urgent")]:
    heapq.heappush(tasks, (priority, name))
print([heapq.heappop(tasks)[1] for _ in range(len(tasks))])
grades = [60, 70, 80, 90]
print([("FDCBA")[bisect.bisect(grades, score)] for score in [33, 60, 75, 89, 90, 100]])
sorted_list = [1, 3, 3, 3, 7]
print(bisect.bisect_left(sorted_list, 3), bisect.bisect_right(sorted_list, 3), bisect.bisect(sorted_list, 10))
bisect.insort(sorted_list, 4)
bisect.insort_left(sorted_list, 0)
print(sorted_list)
records = [("a", 1), ("b", 5), ("c", 9)]
print(bisect.bisect_left(records, 5, key=lambda r: r[1]))
