"""A Python Agent Lightning (v0.3.0) runner for the TypeScript prompt-optimisation demo.

Illustrative: Python cannot be installed where this repository's tests run, so
this file is not executed in CI (see ../README.md for what is tested instead).

    pip install agentlightning==0.3.0
    AGL_CURRENT_ROLE=runner AGL_MANAGED_STORE=0 AGL_STORE_URL=http://127.0.0.1:4747 \
        python runner.py

The agent mirrors apps/examples/prompt-optimisation/fake-model.ts: it renders
the published prompt template with the task and grades a fake model's answer.
"""

import os
import re

import agentlightning as agl

OPERATIONS = {
    "plus": lambda a, b: a + b,
    "minus": lambda a, b: a - b,
    "times": lambda a, b: a * b,
}


def fake_model(prompt: str) -> str:
    numbers = [int(n) for n in re.findall(r"-?\d+", prompt)]
    operator = re.search(r"\b(plus|minus|times)\b", prompt, re.IGNORECASE)
    if len(numbers) < 2 or operator is None:
        return "I cannot tell what to compute."
    a, b, op = numbers[0], numbers[1], operator.group(1).lower()
    result = OPERATIONS[op](a, b)
    if re.search(r"show your work", prompt, re.IGNORECASE):
        return f"Work: {a} {op} {b} gives {result}"
    if "###" in prompt:
        return f"### {result} ###"
    return f"The answer might be {result}, I am not sure."


def reward(answer: str, task: dict) -> float:
    expected = OPERATIONS[task["op"]](task["a"], task["b"])
    wrapped = re.search(r"###\s*(-?\d+)\s*###", answer)
    if wrapped and int(wrapped.group(1)) == expected:
        return 1.0
    return 0.5 if expected in [int(n) for n in re.findall(r"-?\d+", answer)] else 0.0


@agl.prompt_rollout
def arithmetic_agent(task, prompt_template):
    # Returning a float makes the runner store one reward span for the attempt.
    return reward(fake_model(prompt_template.format(**task)), task)


if __name__ == "__main__":
    store = agl.LightningStoreClient(os.environ.get("AGL_STORE_URL", "http://127.0.0.1:4747"))
    trainer = agl.Trainer(store=store, n_runners=int(os.environ.get("N_RUNNERS", "2")))
    # With AGL_CURRENT_ROLE=runner and AGL_MANAGED_STORE=0 this only runs runners
    # against the store above, until Ctrl+C.
    trainer.fit(arithmetic_agent)
