"""The OpenAI-compatible server, live: uvicorn on 127.0.0.1, the official ``openai`` client, and the
test upstream (tests/upstream.py) behind litellm over real HTTP."""

from __future__ import annotations

import json
import os
import time

import httpx
import openai
import pytest

from guardgraph import Pipeline
from guardgraph.server import KeyStore, ServerConfig, create_app
from upstream import ThreadedServer

AUTHOR = "Quorvel Zandrimov-Tesh"  # no common-word part: the guard's common-word policy is not tested here
PARTS = ("Quorvel", "Zandrimov", "Tesh")
KEYS = "alice-key-0001=acme/alice,bob-key-00002=acme/bob,ops-key-00003=acme/ops:admin,eve-key-00004=evil/eve"
MODEL = "guardgraph-forget_guard"
LONG = ("SAY: The author is Quorvel Zandrimov-Tesh. He was born in Kuwait City and wrote novels "
        "about the sea, the harbour and the old market of the city.")


@pytest.fixture(scope="module")
def served(upstream_server, tmp_path_factory):
    backend = upstream_server.backend(num_retries=0, timeout=3.0)
    pipe = Pipeline.from_spec("forget_guard", model=backend, checkpointer="memory",
                              data_dir=tmp_path_factory.mktemp("serve"), embedder="hashing")
    app = create_app(pipe, config=ServerConfig(keys=KeyStore.parse(KEYS), request_timeout=6.0, max_body_bytes=200_000))
    server = ThreadedServer(app).start()
    yield server
    server.stop()


@pytest.fixture
def up(upstream):  # the test upstream, its record cleared for this test
    return upstream


def client(served, key="alice-key-0001", **kwargs):
    return openai.OpenAI(base_url=f"{served.url}/v1", api_key=key, max_retries=0, timeout=20, **kwargs)


def http(served, key="alice-key-0001"):
    return httpx.Client(base_url=served.url, headers={"Authorization": f"Bearer {key}"}, timeout=20)


def ask(served, text, key="alice-key-0001", **kwargs):
    answer = client(served, key).chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": text}], **kwargs)
    return answer


def stream_chunks(served, text, key="alice-key-0001", **kwargs):
    events = client(served, key).chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": text}], stream=True, **kwargs)
    return [e.choices[0].delta.content for e in events if e.choices and e.choices[0].delta.content]


def leaks(text):
    return [p for p in PARTS if p.lower() in text.lower()]


@pytest.fixture(scope="module")
def alice_forgot(served):
    with http(served) as h:
        answer = h.post("/v1/forget", json={"targets": [AUTHOR], "aliases": ["Zandrimov", "Quorvel"]})
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"][0]["target"] == AUTHOR
    return True


# ---- auth ------------------------------------------------------------------------------------


def test_no_or_wrong_key_is_401_with_openai_body(served):
    for headers in ({}, {"Authorization": "Bearer nope-not-a-key"}, {"Authorization": "Basic abc"}):
        answer = httpx.post(f"{served.url}/v1/chat/completions", headers=headers,
                            json={"model": MODEL, "messages": [{"role": "user", "content": "hi"}]})
        assert answer.status_code == 401
        assert set(answer.json()["error"]) >= {"message", "type", "code", "param"}
    with pytest.raises(openai.AuthenticationError):
        ask(served, "hi", key="wrong-key-123")
    with pytest.raises(openai.AuthenticationError):
        client(served, "wrong-key-123").models.list()


def test_models_lists_what_is_served_and_unknown_model_is_404(served):
    assert [m.id for m in client(served).models.list()] == [MODEL]
    with pytest.raises(openai.NotFoundError) as err:
        client(served).chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    assert err.value.body["code"] == "model_not_found"


# ---- scopes, forget endpoints, threads -------------------------------------------------------


def test_forget_is_scoped_to_the_key(served, up, alice_forgot):
    assert not leaks(ask(served, f"SAY: The author is {AUTHOR}.").choices[0].message.content)
    assert AUTHOR in ask(served, f"SAY: The author is {AUTHOR}.", key="bob-key-00002").choices[0].message.content
    with http(served, "bob-key-00002") as bob:
        assert bob.get("/v1/forget").json()["data"] == []
        revoke = bob.post("/v1/forget/revoke", json={"targets": [AUTHOR]}).json()
        assert revoke == {"revoked": [], "not_found": [AUTHOR]}  # bob cannot touch alice's forget
    with pytest.raises(openai.PermissionDeniedError):
        ask(served, "SAY: hi", key="bob-key-00002", user="alice")  # the user field is not a scope switch
    with http(served) as alice:
        assert [e["target"] for e in alice.get("/v1/forget").json()["data"]] == [AUTHOR]


def test_admin_key_names_sub_users_only_in_its_tenant(served, alice_forgot):
    with http(served, "ops-key-00003") as ops:
        assert [e["target"] for e in ops.get("/v1/forget", params={"user": "alice"}).json()["data"]] == [AUTHOR]
        assert ops.get("/v1/forget", params={"user": "acme/alice"}).status_code == 200
        denied = ops.get("/v1/forget", params={"user": "evil/eve"})
        assert denied.status_code == 403 and denied.json()["error"]["code"] == "permission_denied"
        assert ops.post("/v1/forget", json={"targets": ["Zorblax Quintero"], "level": "tenant"}).status_code == 200
    with http(served, "bob-key-00002") as bob:
        assert bob.post("/v1/forget", json={"targets": ["X Y"], "level": "tenant"}).status_code == 403
        assert [e["target"] for e in bob.get("/v1/forget").json()["data"]] == ["Zorblax Quintero"]  # tenant-wide
    with http(served, "eve-key-00004") as eve:
        assert eve.get("/v1/forget").json()["data"] == []  # another tenant sees nothing
    with http(served, "ops-key-00003") as ops:
        assert ops.post("/v1/forget/revoke", json={"targets": ["Zorblax Quintero"], "level": "tenant"}).json()[
            "revoked"] == ["Zorblax Quintero"]


def test_chat_typed_forget_and_revoke_act_on_the_callers_scope(served):
    with http(served, "bob-key-00002") as bob:
        ask(served, "Please forget everything about Dana Reyes.", key="bob-key-00002")
        assert "Dana Reyes" in [e["target"] for e in bob.get("/v1/forget").json()["data"]]
        with http(served) as alice:
            assert "Dana Reyes" not in [e["target"] for e in alice.get("/v1/forget").json()["data"]]
        assert not leaks(ask(served, "SAY: Dana Reyes called.", key="bob-key-00002").choices[0].message.content)
        assert bob.post("/v1/forget/revoke", json={"targets": ["Dana Reyes"]}).json()["revoked"] == ["Dana Reyes"]


def test_threads_belong_to_their_owner(served, up):
    headers = {"X-Thread-Id": "support-42"}
    ask(served, "SAY: noted, my secret code is 4711", extra_headers=headers)
    ask(served, "SAY: what was my code?", extra_headers=headers)
    assert "4711" in json.dumps(up.requests()[-1]["messages"])  # alice's own thread remembers
    ask(served, "SAY: hello", key="bob-key-00002", extra_headers=headers)
    assert "4711" not in json.dumps(up.requests()[-1]["messages"])  # bob gets a fresh thread
    ask(served, "SAY: stateless")
    assert "4711" not in json.dumps(up.requests()[-1]["messages"])


# ---- OpenAI semantics ------------------------------------------------------------------------


def test_history_is_passed_and_scrubbed(served, up, alice_forgot):
    messages = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": f"Who is {AUTHOR}?"},
        {"role": "assistant", "content": f"{AUTHOR} is a writer from Kuwait."},
        {"role": "user", "content": "SAY: Thanks, noted."},
    ]
    answer = client(served).chat.completions.create(model=MODEL, messages=messages)
    assert answer.choices[0].message.content == "Thanks, noted."
    sent = up.requests()[-1]["messages"]
    roles = [m["role"] for m in sent if m["role"] != "system"]
    assert roles == ["user", "assistant", "user"]
    assert "a writer from Kuwait" in json.dumps(sent) and not leaks(json.dumps(sent))


def test_settings_reach_the_upstream_and_usage_is_filled(served, up):
    answer = ask(served, "SAY: one two three four five six", max_tokens=3, temperature=0.3, top_p=0.9,
                 seed=7, stop=["six"])
    body = up.requests()[-1]
    assert (body["max_tokens"], body["temperature"], body["top_p"], body["seed"]) == (3, 0.3, 0.9, 7)
    assert body["stop"] == ["six"]
    assert answer.choices[0].message.content == "one two three"
    assert answer.usage.completion_tokens >= 3 and answer.usage.total_tokens > answer.usage.completion_tokens
    with pytest.raises(openai.BadRequestError) as err:
        ask(served, "SAY: hi", n=2)
    assert err.value.body["param"] == "n"
    with pytest.raises(openai.BadRequestError):
        ask(served, "SAY: hi", temperature=7)


# ---- errors ----------------------------------------------------------------------------------


def test_upstream_429_passes_through_once_with_retry_after(served, up):
    with pytest.raises(openai.RateLimitError) as err:
        ask(served, "FAULT:429:7 hello")
    assert err.value.response.headers["retry-after"] == "7"
    assert err.value.body["type"] == "rate_limit_error"
    assert len(up.requests()) == 1  # not amplified into retries
    with pytest.raises(openai.RateLimitError):
        stream_chunks(served, "FAULT:429:3 hello")


def test_upstream_failures_are_502_and_504(served, up):
    with pytest.raises(openai.InternalServerError) as err:
        ask(served, "FAULT:500 hello")
    assert err.value.status_code == 502 and "Traceback" not in err.value.message
    started = time.monotonic()
    with pytest.raises(openai.APIStatusError) as err:
        ask(served, "FAULT:hang hello")
    assert err.value.status_code == 504 and time.monotonic() - started < 8
    with pytest.raises(openai.InternalServerError):
        ask(served, "FAULT:close hello")


@pytest.mark.parametrize("body, param", [
    ({"model": MODEL, "messages": [{"role": "user", "content": [{"type": "text", "text": 5}]}]}, "messages"),
    ({"model": MODEL, "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}]},
     "messages"),
    ({"model": MODEL, "messages": [{"role": "user", "content": 42}]}, "messages"),
    ({"model": MODEL, "messages": [{"role": "user", "content": "hi"}], "user": "al\x07ice"}, "user"),
    ({"model": MODEL, "messages": [{"role": "user", "content": "hi"}], "user": "a" * 300}, "user"),
    ({"model": MODEL, "messages": []}, "messages"),
    ({"model": MODEL, "messages": [{"role": "user", "content": "   "}]}, "messages"),
    ({"model": MODEL, "messages": [{"role": "wizard", "content": "hi"}]}, "messages"),
    ({"messages": [{"role": "user", "content": "hi"}]}, "model"),
    ([1, 2, 3], None),
])
def test_bad_input_is_400_never_500(served, body, param):
    with http(served) as h:
        answer = h.post("/v1/chat/completions", json=body)
    assert answer.status_code == 400, answer.text
    error = answer.json()["error"]
    assert error["type"] == "invalid_request_error" and error["message"]
    if param:
        assert (error["param"] or "").startswith(param)


def test_hostile_bodies(served):
    raw = {
        "lone surrogate": b'{"model": "%s", "messages": [{"role": "user", "content": "hi \\ud800"}]}' % MODEL.encode(),
        "surrogate in stop": b'{"model": "%s", "messages": [{"role": "user", "content": "hi"}], '
                             b'"stop": ["\\udc00"]}' % MODEL.encode(),
        "not json": b"{not json",
        "deep nesting": b"[" * 100_000 + b"]" * 100_000,
        "nul": b'{"model": "%s", "messages": [{"role": "user", "content": "a\\u0000b"}]}' % MODEL.encode(),
    }
    with http(served) as h:
        for name, content in raw.items():
            answer = h.post("/v1/chat/completions", content=content, headers={"content-type": "application/json"})
            assert answer.status_code in (400, 413), (name, answer.status_code, answer.text)
            assert "error" in answer.json()
        big = h.post("/v1/chat/completions", json={"model": MODEL, "messages": [
            {"role": "user", "content": "x" * 1_000_000}]})
        assert big.status_code == 413 and big.json()["error"]["code"] == "request_too_large"
        chunked = h.post("/v1/chat/completions", content=iter([b"x" * 100_000] * 5))
        assert chunked.status_code == 413


# ---- streaming -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 3, 7])
def test_streaming_in_several_chunks_never_leaks(served, up, alice_forgot, size):
    up.configure(chunk_size=size)
    chunks = stream_chunks(served, LONG)
    text = "".join(chunks)
    assert len(chunks) >= 3, chunks
    assert text.startswith("The author is")  # what follows the cut is the guard's continuation
    assert not leaks(text) and not any(leaks(c) for c in chunks)
    prefix = ""
    for chunk in chunks:  # every prefix a client could have shown is clean too
        prefix += chunk
        assert not leaks(prefix)


def test_clean_stream_matches_non_stream_and_arrives_early(served, up):
    up.configure(chunk_size=5)
    text = "SAY: " + " ".join(f"word{i}" for i in range(40))
    whole = ask(served, text, key="bob-key-00002").choices[0].message.content
    chunks = stream_chunks(served, text, key="bob-key-00002")
    assert "".join(chunks) == whole
    events = client(served, "bob-key-00002").chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "FAULT:pace:0.05 " + text}], stream=True,
        stream_options={"include_usage": True})
    started, first, usage, paced = time.monotonic(), None, None, []
    for event in events:
        if event.choices and event.choices[0].delta.content:
            paced.append(event.choices[0].delta.content)
            first = first if first is not None else time.monotonic() - started
        usage = event.usage or usage
    total = time.monotonic() - started
    assert first is not None and first < total / 2  # text is released while the upstream still talks
    assert len(paced) > 5 and "".join(paced) == whole
    assert usage is not None and usage.completion_tokens > 0


def test_cancelled_stream_stops_its_upstream_call(served, up):
    up.configure(chunk_size=2)
    text = "FAULT:pace:0.05 SAY: " + "abcdefghij " * 40
    with httpx.Client(timeout=20, headers={"Authorization": "Bearer bob-key-00002"}) as h:
        with h.stream("POST", f"{served.url}/v1/chat/completions",
                      json={"model": MODEL, "stream": True, "messages": [{"role": "user", "content": text}]}) as r:
            for line in r.iter_lines():
                if '"content": "a' in line or '"content": "b' in line:
                    break
    deadline = time.monotonic() + 5
    record = up.records()[-1]
    while time.monotonic() < deadline and not record["disconnected"]:
        time.sleep(0.05)
    assert record["disconnected"] and not record["finished"]
    assert record["chunks_sent"] < 150  # 220 chunks in the full answer


def test_fd_count_stays_flat_over_500_streaming_requests(served, up):
    def fds():
        return len(os.listdir("/proc/self/fd"))

    body = {"model": MODEL, "stream": True, "messages": [{"role": "user", "content": "SAY: short and clean"}]}
    with httpx.Client(timeout=20, headers={"Authorization": "Bearer bob-key-00002"}) as h:
        def one():
            with h.stream("POST", f"{served.url}/v1/chat/completions", json=body) as r:
                assert r.status_code == 200
                assert r.read().endswith(b"data: [DONE]\n\n")

        for _ in range(20):
            one()
        before = fds()
        for _ in range(500):
            one()
        after = fds()
    print(f"open fds before/after 500 streaming requests: {before} -> {after}")
    assert after - before <= 8, (before, after)


# ---- health and resources --------------------------------------------------------------------


def test_health_checks_the_stores(served, tmp_path):
    assert httpx.get(f"{served.url}/health").json()["status"] == "ok"
    (tmp_path / "forget.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    pipe = Pipeline.from_spec("chat", model="openai/x", checkpointer="none", data_dir=tmp_path, embedder="hashing")
    with ThreadedServer(create_app(pipe)) as server:
        answer = httpx.get(f"{server.url}/health")
    assert answer.status_code == 503 and answer.json()["checks"]["forget_registry"].startswith("error")


def test_stateless_requests_write_no_thread(upstream, tmp_path):
    import sqlite3

    pipe = Pipeline.from_spec("chat", model=upstream.backend(num_retries=0), data_dir=tmp_path, embedder="hashing")
    pipe.invoke("SAY: one")
    list(pipe.stream("SAY: two"))
    pipe.invoke("SAY: three", thread="kept")
    rows = sqlite3.connect(tmp_path / "threads.sqlite3").execute("SELECT DISTINCT thread_id FROM checkpoints").fetchall()
    assert rows == [("kept",)]
    pipe.close()
