"""The test upstream itself: it repeats what it is told, records requests, injects faults."""

from __future__ import annotations

import httpx
import openai
import pytest


def client(upstream, **kwargs):
    return openai.OpenAI(base_url=upstream.base_url, api_key="x", max_retries=0, **kwargs)


def test_says_exactly_and_records(upstream):
    answer = client(upstream).chat.completions.create(
        model="echo", messages=[{"role": "system", "content": "s"}, {"role": "user", "content": "Please SAY: hi there"}])
    assert answer.choices[0].message.content == "hi there"
    assert answer.usage.completion_tokens == 2 and answer.usage.prompt_tokens == 5
    assert upstream.requests()[0]["messages"][1]["content"] == "Please SAY: hi there"
    assert httpx.get(upstream.url + "/_requests").json()[0]["body"]["model"] == "echo"


def test_echo_settings_and_stream_chunks(upstream):
    c = client(upstream)
    text = c.chat.completions.create(model="echo", messages=[{"role": "user", "content": "one two three four"}],
                                     max_tokens=2).choices[0]
    assert text.message.content == "one two" and text.finish_reason == "length"
    stop = c.chat.completions.create(model="echo", messages=[{"role": "user", "content": "Say exactly: abc. def"}],
                                     stop=["."], n=2)
    assert [ch.message.content for ch in stop.choices] == ["abc", "abc"]
    chunks = [e.choices[0].delta.content for e in c.chat.completions.create(
        model="echo", messages=[{"role": "user", "content": "SAY: abcdefg CHUNK:3"}], stream=True,
        stream_options={"include_usage": True}) if e.choices and e.choices[0].delta.content]
    assert "".join(chunks) == "abcdefg CHUNK:3" and chunks[0] == "abc"


def test_faults(upstream):
    c = client(upstream)
    with pytest.raises(openai.RateLimitError) as err:
        c.chat.completions.create(model="echo", messages=[{"role": "user", "content": "FAULT:429:7 hi"}])
    assert err.value.response.headers["retry-after"] == "7"
    upstream.configure(fault="500", fault_count=1)
    with pytest.raises(openai.InternalServerError):
        c.chat.completions.create(model="echo", messages=[{"role": "user", "content": "hi"}])
    assert c.chat.completions.create(model="echo", messages=[{"role": "user", "content": "hi"}]).choices
    with pytest.raises(openai.APITimeoutError):
        client(upstream, timeout=0.3).chat.completions.create(
            model="echo", messages=[{"role": "user", "content": "FAULT:hang hi"}])
    with pytest.raises(openai.APIConnectionError):
        c.chat.completions.create(model="echo", messages=[{"role": "user", "content": "FAULT:close hi"}])
    with pytest.raises((openai.APIConnectionError, httpx.HTTPError)):  # mid-stream: httpx's own error
        list(c.chat.completions.create(model="echo", stream=True,
                                       messages=[{"role": "user", "content": "FAULT:close hello world again"}]))


def test_litellm_reaches_it(upstream):
    from guardgraph.tools.base import GenerationParams

    model = upstream.backend(num_retries=0)
    assert model.generate([{"role": "user", "content": "SAY: litellm ok"}]).text == "litellm ok"
    assert "".join(model.stream([{"role": "user", "content": "SAY: streamed"}],
                                GenerationParams(max_tokens=10))) == "streamed"
    assert upstream.requests()[-1]["max_tokens"] == 10


def test_warm_up_sends_nothing_upstream(upstream):
    upstream.reset()
    model = upstream.backend(num_retries=0)
    model.warm_up()
    assert upstream.requests() == []  # offline mock calls only
    assert "".join(model.stream([{"role": "user", "content": "SAY: after warm-up"}])) == "after warm-up"
    assert len(upstream.requests()) == 1


def test_litellm_without_fallbacks_skips_the_router_and_reuses_its_connection(upstream):
    """No Router per call (it costs an event loop and a new connection each time); retries kept."""
    import litellm

    from guardgraph.tools.base import GenerationParams

    model = upstream.backend(num_retries=1)
    before = len(litellm.success_callback)
    for _ in range(3):
        assert model.generate([{"role": "user", "content": "SAY: pooled"}]).text == "pooled"
        assert "".join(model.stream([{"role": "user", "content": "SAY: pooled stream"}],
                                    GenerationParams(max_tokens=10))) == "pooled stream"
    assert model._router is None and len(litellm.success_callback) == before  # no Router was built
    # Nobody listens to litellm's per-chunk logging: it is skipped; a registered callback turns it back on.
    assert litellm.disable_streaming_logging is True
    litellm.success_callback.append(lambda *a, **k: None)
    try:
        "".join(model.stream([{"role": "user", "content": "SAY: logged"}]))
        assert litellm.disable_streaming_logging is False
    finally:
        litellm.success_callback.pop()
    upstream.configure(fault="500", fault_count=1)  # one 5xx is retried once, as the Router did
    assert model.generate([{"role": "user", "content": "SAY: after a 500"}]).text == "after a 500"
    assert [r["status"] for r in upstream.records()[-2:]] == [500, 200]
