# contextvars, queue and sched (single-threaded use).
import contextvars
import queue
import sched

request_id = contextvars.ContextVar("request_id", default="none")


def handler():
    return f"handling {request_id.get()}"


print(handler())
token = request_id.set("r-1")
print(handler())
ctx = contextvars.copy_context()
request_id.set("r-2")
print(ctx.run(handler), handler(), ctx[request_id])
request_id.reset(token)
print(handler(), request_id.name)
fifo = queue.Queue()
lifo = queue.LifoQueue()
prio = queue.PriorityQueue()
for i, item in enumerate(["c", "a", "b"]):
    fifo.put(item)
    lifo.put(item)
    prio.put((item, i))
print([fifo.get() for _ in range(3)], [lifo.get() for _ in range(3)], [prio.get() for _ in range(3)])
try:
    fifo.get_nowait()
except queue.Empty:
    print("empty", fifo.qsize(), fifo.empty())
bounded = queue.Queue(maxsize=1)
bounded.put(1)
try:
    bounded.put_nowait(2)
except queue.Full:
    print("full")
clock = [0.0]
scheduler = sched.scheduler(timefunc=lambda: clock[0], delayfunc=lambda d: clock.__setitem__(0, clock[0] + d))
log = []
scheduler.enter(3, 1, log.append, ("third",))
scheduler.enter(1, 1, log.append, ("first",))
scheduler.enter(2, 2, log.append, ("second-low",))
scheduler.enter(2, 1, log.append, ("second-high",))
scheduler.run()
print(log, clock[0])
