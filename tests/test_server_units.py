"""Server pieces without the whole live stack: keys, the stream release rules, Pipeline history
semantics, the ``serve`` command's start-up decisions, and the shipped OpenAI client example."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from guardgraph import Pipeline
from guardgraph.errors import AuthenticationError, ConfigurationError, PermissionDeniedError, UserInputError
from guardgraph.server import Identity, KeyStore, StreamRelease, act_as, create_app
from upstream import ThreadedServer

ROOT = Path(__file__).resolve().parents[1]


def test_keys_are_hashed_and_parsed_strictly(tmp_path):
    digest = hashlib.sha256(b"file-key-0001").hexdigest()
    keys_file = tmp_path / "keys.txt"
    keys_file.write_text(f"# ops\nsha256:{digest}=acme/carol:admin\nplain-key-0002=acme/dave\n")
    store = KeyStore.load(keys_file, env={"GUARDGRAPH_API_KEYS": "env-key-00003=beta/erin"})
    assert store.authenticate("Bearer file-key-0001") == Identity("acme", "carol", True, digest[:8])
    assert store.authenticate("Bearer plain-key-0002").user == "dave"
    assert store.authenticate("bearer env-key-00003").tenant == "beta"
    assert "plain-key-0002" not in repr(store.__dict__)  # only hashes are kept
    for header in (None, "", "Bearer", "Token plain-key-0002", "Bearer plain-key-0003"):
        with pytest.raises(AuthenticationError):
            store.authenticate(header)
    for bad in ("short=acme/x", "k-long-enough=acme", "k-long-enough=acme/x:root", "k-long-enough=a/b/c",
                "sha256:abc=acme/x", "no-equals-sign-here"):
        with pytest.raises(ConfigurationError):
            KeyStore.parse(bad)
    with pytest.raises(ConfigurationError):
        KeyStore.load(tmp_path / "missing.txt", env={})


def test_user_field_rules():
    alice, ops = Identity("acme", "alice"), Identity("acme", "ops", admin=True)
    assert act_as(alice, None) == ("acme", "alice") and act_as(alice, "alice") == ("acme", "alice")
    assert act_as(ops, "bob") == ("acme", "bob") and act_as(ops, "acme/bob") == ("acme", "bob")
    for who, user in ((alice, "bob"), (ops, "evil/eve"), (ops, "acme/")):
        with pytest.raises(PermissionDeniedError):
            act_as(who, user)
    for user in ("a\nb", "x" * 257, "", "  ", 5, "zero\u200bwidth"):
        with pytest.raises(UserInputError):
            act_as(ops, user)


def test_stream_release_never_sends_a_target_and_handles_rewrites():
    release = StreamRelease(["Quorvel Zandrimov"])
    text = "Yes, Quorvel Zandrimov wrote it in 1990 near the river bank."
    sent = "".join(release.feed(text[i:i + 3]) for i in range(0, len(text), 3))
    sent += release.finish(text)
    assert "Quorvel" not in sent and "Zandrimov" not in sent and sent.endswith("river bank.")
    # the audit rewrote the reply after part of the draft was sent
    release = StreamRelease(["Quorvel Zandrimov"])
    draft = "The harbour book was written by Quorvel Zandrimov in the old city."
    early = "".join(release.feed(draft[i:i + 4]) for i in range(0, len(draft), 4))
    assert early and "Quorvel" not in early
    tail = release.finish(early + "someone else, long ago.")  # continues what was sent
    assert tail == "someone else, long ago." and not release.cut
    release = StreamRelease(["Quorvel Zandrimov"])
    early = "".join(release.feed(draft[i:i + 4]) for i in range(0, len(draft), 4))
    assert release.finish("I'm sorry, I can't share information about that.") == "" and release.cut
    release = StreamRelease(["Quorvel Zandrimov"])  # nothing released yet: the rewrite goes out whole
    assert release.feed("Quorvel") == ""
    assert release.finish("Someone wrote it.") == "Someone wrote it."
    plain = StreamRelease([])  # no targets: no hold-back at all
    assert plain.feed("abc") == "abc" and plain.finish("abcdef") == "def"


def test_pipeline_history_extends_or_replaces_a_thread(upstream, tmp_path):
    pipe = Pipeline.from_spec("chat", model=upstream.backend(num_retries=0), checkpointer="memory",
                              data_dir=tmp_path, embedder="hashing")
    first = pipe.invoke("SAY: one", thread="t", history=[{"role": "user", "content": "hi"},
                                                          {"role": "assistant", "content": "hello"}])
    assert [m["content"] for m in upstream.requests()[-1]["messages"][1:]] == ["hi", "hello", "SAY: one"]
    resent = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"},
              {"role": "user", "content": "SAY: one"}, {"role": "assistant", "content": first.text}]
    pipe.invoke("SAY: two", thread="t", history=resent)  # the client resends what the thread holds
    assert [m["content"] for m in pipe.history("t")] == ["hi", "hello", "SAY: one", "one", "SAY: two", "two"]
    pipe.invoke("SAY: three", thread="t", history=[{"role": "user", "content": "edited"},
                                                   {"role": "assistant", "content": "ok"}])
    assert [m["content"] for m in pipe.history("t")] == ["edited", "ok", "SAY: three", "three"]
    with pytest.raises(UserInputError):
        pipe.invoke("SAY: x", history=[{"role": "tool", "content": "x"}])
    with pytest.raises(UserInputError):
        pipe.invoke("SAY: x", settings={"max_tokens": 0})
    with pytest.raises(UserInputError):
        pipe.invoke("SAY: x", settings={"colour": "red"})


def test_a_replaced_history_keeps_the_threads_control_turns_out_of_the_conversation(upstream, tmp_path):
    """A client whose history differs from the thread's still resends the forget turn: it stays a command."""
    pipe = Pipeline.from_spec("forget_guard", model=upstream.backend(num_retries=0), checkpointer="memory",
                              data_dir=tmp_path, embedder="hashing")
    request = "Please forget everything about my ex, Quorvel Zandrimov."
    confirmation = pipe.invoke(request, thread="t", scope="alice").text
    pipe.invoke("SAY: one", thread="t", scope="alice")
    upstream.reset()
    edited = [{"role": "user", "content": "an edited first message"}, {"role": "assistant", "content": "ok"},
              {"role": "user", "content": request}, {"role": "assistant", "content": confirmation}]
    pipe.invoke("SAY: two", thread="t", scope="alice", history=edited)
    sent = [m["content"] for m in upstream.requests()[-1]["messages"]]
    assert not any("forget everything" in m for m in sent) and confirmation not in sent  # commands
    assert "an edited first message" in sent and sent[-1] == "SAY: two"


def test_serve_without_keys_binds_localhost_only(upstream, tmp_path, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from guardgraph.cli import app

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda application, **kwargs: seen.update(kwargs, app=application))
    monkeypatch.setattr("guardgraph.server.configure_logging", lambda *a, **k: None)  # CliRunner's stderr closes
    monkeypatch.delenv("GUARDGRAPH_API_KEYS", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    result = CliRunner().invoke(app, [
        "serve", "--model", "openai/echo", "--api-base", upstream.base_url, "--host", "0.0.0.0",
        "--embedder", "hashing", "--checkpointer", "memory", "--data-dir", str(tmp_path), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
    assert "no API keys configured" in result.output
    bad = tmp_path / "keys.txt"
    bad.write_text("oops\n")
    result = CliRunner().invoke(app, ["serve", "--keys", str(bad), "--model", "openai/echo"])
    assert result.exit_code != 0 and "KEY=TENANT/USER" in result.output


def test_openai_client_example_runs_against_a_live_server(upstream, tmp_path):
    pipe = Pipeline.from_spec("forget_guard", model=upstream.backend(num_retries=0), checkpointer="memory",
                              data_dir=tmp_path, embedder="hashing")
    with ThreadedServer(create_app(pipe)) as server:
        done = subprocess.run([sys.executable, str(ROOT / "examples" / "openai_client.py")], capture_output=True,
                              text=True, timeout=120, env={**os.environ, "GUARDGRAPH_URL": server.url})
    assert done.returncode == 0, done.stderr
    assert "Basil Mahfouz Al-Kuwaiti" in done.stdout  # the forget listing
    assert "'revoked': ['Basil Mahfouz Al-Kuwaiti']" in done.stdout


def test_run_streaming_pushes_the_same_chunks_as_stream_in_the_calling_thread():
    """The server's push form of Pipeline.stream: chunks reach the callback as the node emits them."""
    import threading

    from guardgraph.tools.base import Generation

    class Words:
        name = "words"

        def generate(self, messages, params=None):
            return Generation(text="one two three", model="words")

        def stream(self, messages, params=None):
            yield from ("one ", "two ", "three")

    pipe = Pipeline.from_spec("chat", model=Words(), checkpointer="none")
    seen: list[tuple[str, str]] = []
    reply = pipe.run_streaming("Count", lambda chunk: seen.append((chunk, threading.current_thread().name)))
    assert [c for c, _ in seen] == ["one ", "two ", "three"] == list(pipe.stream("Count"))
    assert {name for _, name in seen} == {threading.current_thread().name}  # no LangGraph stream thread
    assert reply.text == "one two three"
    assert pipe.invoke("Count").text == reply.text


async def test_relay_keeps_order_and_batches_wakeups():
    import asyncio
    import threading

    from guardgraph.server import _Relay

    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()
    relay = _Relay(loop, queue)
    wakeups = 0
    original = loop.call_soon_threadsafe

    def counting(callback, *args):
        nonlocal wakeups
        wakeups += 1
        return original(callback, *args)

    loop.call_soon_threadsafe = counting  # type: ignore[method-assign]
    try:
        worker = threading.Thread(target=lambda: [relay.put("chunk", str(i)) for i in range(500)] + [relay.put("done", None)])
        worker.start()
        got = []
        while True:
            kind, value = await asyncio.wait_for(queue.get(), 10)
            if kind == "done":
                break
            got.append(value)
        worker.join()
    finally:
        del loop.call_soon_threadsafe
    assert got == [str(i) for i in range(500)]
    assert 1 <= wakeups <= 501


def _turn_view(reply):
    """What a turn produced, minus what differs by construction between two runs (ids, timings)."""
    state = {k: v for k, v in reply.state.items() if k not in ("trace", "turn", "messages")}
    messages = [(m.type, m.content, m.additional_kwargs) for m in reply.state["messages"]]
    trace = [(s["node"], s["agent"], s["detail"]) for s in reply.trace]
    return reply.text, reply.refused, state, messages, trace


@pytest.mark.parametrize("text", [
    "Tell me about the harbour at dawn.",  # clean: watchdog, recall, generate, audit, compose
    "Who is Quorvel Zandrimov-Tesh?",  # the draft leaks: audit -> erase -> critic -> compose
    "Please forget Lindqvist Amberhollow.",  # control turn: registry update and history scrub
    "You can remember Quorvel Zandrimov-Tesh again.",  # revoke
])
def test_fast_path_runs_the_same_nodes_with_the_same_results_as_langgraph(tmp_path, text):
    """A stateless turn skips LangGraph's scheduler (SequentialGraph): same nodes, order, state, chunks."""
    from guardgraph.graphs.builder import SequentialGraph
    from guardgraph.tools.litellm_backend import LiteLLMModel

    history = [{"role": "user", "content": "Hi, I met Lindqvist Amberhollow."}, {"role": "assistant", "content": "Nice."}]
    views = {}
    for fast in (True, False):
        model = LiteLLMModel("openai/echo", mock_response="Quorvel Zandrimov-Tesh lived by the harbour.")
        pipe = Pipeline.from_spec("forget_guard", model=model, checkpointer="sqlite", data_dir=tmp_path / str(fast),
                                  embedder="hashing")
        assert isinstance(pipe.sequential, SequentialGraph)
        pipe.fast_path = fast
        pipe.forget("Quorvel Zandrimov-Tesh", scope="alice")
        chunks: list[str] = []
        streamed = pipe.run_streaming(text, chunks.append, scope="alice", history=history,
                                      settings={"stream_draft": True})
        invoked = pipe.invoke(text, scope="alice", history=history)
        views[fast] = (_turn_view(streamed), chunks, _turn_view(invoked),
                       [e.target for e in pipe.forgotten("alice")])
        assert not (tmp_path / str(fast) / "threads.sqlite3").exists() or not pipe.history("any")
    assert views[True] == views[False]


def test_fast_path_is_used_only_for_unstored_turns_of_chain_specs(tmp_path):
    from guardgraph.graphs.builder import SequentialGraph
    from guardgraph.graphs.spec import load_spec

    from guardgraph.tools.base import Generation

    class Ok:
        name = "ok"

        def generate(self, messages, params=None):
            return Generation(text="ok", model="ok")

        def stream(self, messages, params=None):
            yield "ok"

    pipe = Pipeline.from_spec("chat", model=Ok(), checkpointer="memory", data_dir=tmp_path)
    calls = []
    original = pipe.sequential.invoke
    pipe.sequential.invoke = lambda *a, **k: calls.append(1) or original(*a, **k)  # type: ignore[method-assign]
    pipe.invoke("hi")  # no thread: nothing to checkpoint
    assert calls == [1]
    pipe.invoke("hi", thread="t1")  # a stored thread goes through LangGraph and its checkpointer
    assert calls == [1] and [m["content"] for m in pipe.history("t1")] == ["hi", "ok"]
    fan_out = load_spec({"name": "fan", "entry": "a", "models": {"default": "local"},
                         "nodes": [{"id": "a", "agent": "composer"}, {"id": "b", "agent": "composer"},
                                   {"id": "c", "agent": "composer"}],
                         "edges": [{"from": "a", "to": "b"}, {"from": "a", "to": "c"},
                                   {"from": "b", "to": "END"}, {"from": "c", "to": "END"}]})
    assert SequentialGraph.for_spec(fan_out, {}, pipe.graph) is None  # two nodes in one superstep: LangGraph


def test_server_runs_the_watchdog_once_per_request_on_the_new_message(upstream, tmp_path, monkeypatch):
    """History the client resends is context, never re-classified: one watchdog call per request."""
    from fastapi.testclient import TestClient

    import guardgraph.agents.watchdog as watchdog

    seen: list[str] = []
    original = watchdog.detect_intent
    monkeypatch.setattr(watchdog, "detect_intent", lambda query, *a, **k: seen.append(query) or original(query, *a, **k))
    pipe = Pipeline.from_spec("forget_guard", model=upstream.backend(), checkpointer="none", data_dir=tmp_path,
                              embedder="hashing")
    app = create_app(pipe)
    seen.clear()  # the start-up warm-up classifies a message of its own
    with TestClient(app) as client:
        messages = [{"role": "user", "content": "Please forget Lindqvist Amberhollow."},
                    {"role": "assistant", "content": "Done."}, {"role": "user", "content": "SAY: fine"}]
        for stream in (False, True):
            answer = client.post("/v1/chat/completions", json={"model": "guardgraph-forget_guard", "stream": stream,
                                                                "messages": messages})
            assert answer.status_code == 200
    assert seen == ["SAY: fine", "SAY: fine"]
