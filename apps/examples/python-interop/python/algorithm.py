"""A Python Agent Lightning (v0.3.0) algorithm step for TypeScript runners.

Illustrative: Python cannot be installed where this repository's tests run, so
this file is not executed in CI (see ../README.md for what is tested instead).

It publishes one prompt template, queues the demo's validation tasks, waits for
TypeScript runners (`distributed/train.ts` with AGL_CURRENT_ROLE=runner) to
finish them, and prints the mean reward.

    pip install agentlightning==0.3.0
    AGL_STORE_URL=http://127.0.0.1:4747 python algorithm.py
"""

import asyncio
import os

import agentlightning as agl
from agentlightning.emitter import find_final_reward

TEMPLATE = "Compute {a} {op} {b}. Reply exactly as ### <number> ###."
TASKS = [
    {"id": "py-0", "a": 3, "b": 4, "op": "plus"},
    {"id": "py-1", "a": 9, "b": 2, "op": "minus"},
    {"id": "py-2", "a": 6, "b": 7, "op": "times"},
]


async def main() -> None:
    store = agl.LightningStoreClient(os.environ.get("AGL_STORE_URL", "http://127.0.0.1:4747"))
    await store.update_resources(
        "py-v1", {"prompt_template": agl.PromptTemplate(template=TEMPLATE, engine="f-string")}
    )
    ids = []
    for task in TASKS:
        rollout = await store.enqueue_rollout(input=task, mode="val", resources_id="py-v1")
        ids.append(rollout.rollout_id)
    finished = []
    while len(finished) < len(ids):  # the Python client only waits up to 0.1 s per call
        finished = await store.wait_for_rollouts(rollout_ids=ids, timeout=0.1)
        await asyncio.sleep(0.5)
    rewards = []
    for rollout_id in ids:
        page = await store.query_spans(rollout_id, attempt_id="latest")
        spans = getattr(page, "items", page)  # a paginated result or a plain list of spans
        rewards.append(find_final_reward(spans) or 0.0)
    print(f"mean reward of {TEMPLATE!r}: {sum(rewards) / len(rewards):.2f}")
    await store.close()


if __name__ == "__main__":
    asyncio.run(main())
