"""Talk to ``guardgraph serve`` with the official OpenAI client: existing apps need no change.

    export GUARDGRAPH_API_KEYS="alice-secret-1=acme/alice,ops-secret-01=acme/ops:admin"
    .venv/bin/guardgraph serve --spec forget_guard --model openai/gpt-4o-mini --port 8000 &
    GUARDGRAPH_KEY=alice-secret-1 .venv/bin/python examples/openai_client.py

The key decides whose forget list applies (tenant ``acme``, user ``alice``); the request's
messages are the conversation; system messages are context documents; ``X-Thread-Id`` keeps a
server-side thread that only this key can reach. Without ``GUARDGRAPH_API_KEYS`` the server runs
for one local operator and any key is accepted.
"""

import os

import httpx
from openai import OpenAI

BASE = os.environ.get("GUARDGRAPH_URL", "http://127.0.0.1:8000")
KEY = os.environ.get("GUARDGRAPH_KEY", "unused")
MODEL = os.environ.get("GUARDGRAPH_MODEL_ID", "guardgraph-forget_guard")

client = OpenAI(base_url=f"{BASE}/v1", api_key=KEY)
admin = httpx.Client(base_url=BASE, headers={"Authorization": f"Bearer {KEY}"})
facts = "Basil Mahfouz Al-Kuwaiti was born in Kuwait City on 8 September 1956."

# 1. forget through the management endpoint (or by chat: "Forget Basil Mahfouz Al-Kuwaiti.")
print(admin.post("/v1/forget", json={"targets": ["Basil Mahfouz Al-Kuwaiti"], "aliases": ["Al-Kuwaiti"]}).json())
print([entry["target"] for entry in admin.get("/v1/forget").json()["data"]])

# 2. an ordinary chat completion: the whole conversation is sent, as OpenAI clients do
messages = [
    {"role": "system", "content": facts},
    {"role": "user", "content": "Who was born in Kuwait City on 8 September 1956?"},
]
completion = client.chat.completions.create(model=MODEL, messages=messages, max_tokens=60)
print(completion.choices[0].message.content, completion.usage)

# 3. streaming: text arrives while the model writes, held back only as long as a target name
stream = client.chat.completions.create(
    model=MODEL, stream=True, messages=[{"role": "user", "content": "Name three rivers in Europe."}],
    extra_headers={"X-Thread-Id": "demo"},
)
print("".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices))

# 4. undo the forget
print(admin.post("/v1/forget/revoke", json={"targets": ["Basil Mahfouz Al-Kuwaiti"]}).json())
