"""Talk to ``guardgraph serve`` with the official OpenAI client: existing apps need no change.

    .venv/bin/guardgraph serve --spec forget_guard --model local --port 8000 &
    .venv/bin/python examples/openai_client.py

``user`` selects whose forget list applies; system messages become the context documents;
the ``X-Thread-Id`` header keeps a conversation thread.
"""

from openai import OpenAI

client = OpenAI(base_url="http://127.0.0.1:8000/v1", api_key="unused")
facts = "Basil Mahfouz Al-Kuwaiti was born in Kuwait City on 8 September 1956."


def ask(text: str) -> str:
    completion = client.chat.completions.create(
        model="forget_guard",
        user="alice",
        messages=[{"role": "system", "content": facts}, {"role": "user", "content": text}],
        extra_headers={"X-Thread-Id": "demo"},
    )
    return completion.choices[0].message.content


print(ask("Forget Basil Mahfouz Al-Kuwaiti."))
print(ask("Who was born in Kuwait City on 8 September 1956?"))

stream = client.chat.completions.create(
    model="forget_guard", user="alice", stream=True,
    messages=[{"role": "user", "content": "Name three rivers in Europe."}],
)
print("".join(chunk.choices[0].delta.content or "" for chunk in stream))
