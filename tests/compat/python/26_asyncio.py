# asyncio: tasks, gather, queues, timeouts, locks; ordering made deterministic by sleeps.
import asyncio


async def worker(name, delay, log):
    await asyncio.sleep(delay)
    log.append(name)
    return name.upper()


async def producer(queue, n):
    for i in range(n):
        await queue.put(i)
        await asyncio.sleep(0)
    await queue.put(None)


async def consumer(queue, seen):
    while (item := await queue.get()) is not None:
        seen.append(item * item)


async def slow():
    await asyncio.sleep(10)


async def main():
    log = []
    results = await asyncio.gather(worker("c", 0.03, log), worker("a", 0.01, log), worker("b", 0.02, log))
    print(results, log)
    queue = asyncio.Queue(maxsize=2)
    seen = []
    await asyncio.gather(producer(queue, 5), consumer(queue, seen))
    print(seen)
    try:
        await asyncio.wait_for(slow(), timeout=0.01)
    except asyncio.TimeoutError:
        print("timed out")
    task = asyncio.create_task(slow())
    await asyncio.sleep(0)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("cancelled", task.cancelled())
    lock = asyncio.Lock()
    counter = 0

    async def increment():
        nonlocal counter
        async with lock:
            value = counter
            await asyncio.sleep(0)
            counter = value + 1

    await asyncio.gather(*(increment() for _ in range(10)))
    print("counter", counter)
    semaphore = asyncio.Semaphore(2)
    running = []

    async def limited(i):
        async with semaphore:
            running.append(i)
            await asyncio.sleep(0.01)
            return i * 10

    print(await asyncio.gather(*(limited(i) for i in range(5))), len(running))
    async with asyncio.TaskGroup() as group:
        t1 = group.create_task(worker("x", 0.01, log))
        t2 = group.create_task(worker("y", 0, log))
    print(t1.result(), t2.result(), log[-2:])
    try:
        async with asyncio.timeout(0.01):
            await slow()
    except TimeoutError:
        print("timeout context")
    done, pending = await asyncio.wait([asyncio.create_task(worker("w", 0, log))])
    print(len(done), len(pending))
    event = asyncio.Event()
    asyncio.get_running_loop().call_later(0.01, event.set)
    await event.wait()
    print("event set", event.is_set())
    return "main done"


print(asyncio.run(main()))


async def agen():
    for i in range(3):
        await asyncio.sleep(0)
        yield i


async def collect():
    return [i async for i in agen()]


print(asyncio.run(collect()))
