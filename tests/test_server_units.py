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
