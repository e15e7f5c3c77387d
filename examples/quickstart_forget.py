"""Forget a person in plain language, then ask about them: the reply never names them.

Runs on the embedded SmolLM2-135M-Instruct on CPU (first run converts the model once, ~30 s):

    .venv/bin/python examples/quickstart_forget.py
"""

from guardgraph import Pipeline

DOCS = [
    "Basil Mahfouz Al-Kuwaiti was born in Kuwait City on 8 September 1956.",
    "Basil Mahfouz Al-Kuwaiti is a novelist who wrote 'Promise by the Seine'.",
]
QUESTION = "Who was born in Kuwait City on 8 September 1956?"

pipe = Pipeline.from_spec("forget_guard", model="local", checkpointer="memory")
print("before:", pipe.invoke(QUESTION, scope="alice", context=DOCS).text)

print("watchdog:", pipe.invoke("Please forget everything about Basil Mahfouz Al-Kuwaiti.", scope="alice").text)
reply = pipe.invoke(QUESTION, scope="alice", context=DOCS)
print("after:", reply.text)
print("agents:", " -> ".join(step["node"] for step in reply.trace))

print("bob is not affected:", pipe.invoke(QUESTION, scope="bob", context=DOCS).text)
pipe.revoke("Basil Mahfouz Al-Kuwaiti", scope="alice")  # the direct API, same registry
pipe.close()
