"""Loading a config asynchronously."""

import asyncio


async def fetch_config():
    await asyncio.sleep(0)
    return {"retries": 3, "timeout": 10}


async def retry_budget():
    config = fetch_config()
    budget = config["retries"] * config["timeout"]
    assert budget == 30, budget
    return budget
