"""Local causal LMs through transformers: the embedded SmolLM2 or any folder / hub id the user has.

Runs on CUDA when available, else CPU. Streaming uses transformers' ``TextIteratorStreamer`` with
``generate`` in a worker thread, so chunks reach the caller as they are decoded. Forbidden targets
are enforced inside decoding by the token filter's logits processors (see ``tools/token_filter``),
which is the point of running locally: the model never emits them, instead of having them removed
afterwards.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from guardgraph.tools.base import Generation, GenerationParams, ModelError, require_messages


def pick_device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


class LocalModel:
    """A transformers causal LM with a chat template, loaded lazily on first use."""

    def __init__(self, source: str | Path, *, name: str | None = None, device: str | None = None) -> None:
        self.source = str(source)
        self.name = name or f"local:{self.source}"
        self._device = device
        self._lock = threading.Lock()  # one decode at a time: generate() is not re-entrant per model

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle as "load these weights" (for ray workers): never ship a loaded model."""
        return (partial(LocalModel, self.source, name=self.name, device=self._device), ())

    @cached_property
    def device(self) -> str:
        return self._device or pick_device()

    @cached_property
    def tokenizer(self) -> Any:
        self._load()
        return self.__dict__["tokenizer"]

    @cached_property
    def model(self) -> Any:
        self._load()
        return self.__dict__["model"]

    def _load(self) -> None:
        if "model" in self.__dict__:
            return
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError as exc:
            raise ModelError("local models need the 'local' extra: pip install 'guardgraph[local]'") from exc
        try:
            tokenizer = AutoTokenizer.from_pretrained(self.source)
            dtype = torch.float16 if self.device == "cuda" else torch.float32
            model = AutoModelForCausalLM.from_pretrained(self.source, dtype=dtype).to(self.device)
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load local model {self.source!r}: {exc}") from exc
        model.eval()
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        self.__dict__["tokenizer"] = tokenizer
        self.__dict__["model"] = model

    def _encode(self, messages: Sequence[dict[str, str]]) -> dict[str, Any]:
        messages = require_messages(messages, self.name)
        if getattr(self.tokenizer, "chat_template", None):
            encoded = self.tokenizer.apply_chat_template(
                messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
            )
        else:  # base models without a template: plain transcript
            text = "\n".join(f"{m['role']}: {m['content']}" for m in messages) + "\nassistant:"
            encoded = self.tokenizer(text, return_tensors="pt")
        return {key: value.to(self.device) for key, value in encoded.items()}

    def _generate_kwargs(self, inputs: dict[str, Any], params: GenerationParams, user_text: str = "") -> dict[str, Any]:
        """``user_text``: the last user message, which tells the token filter which name parts the
        user wrote as another person's name this turn (see ``build_logits_processors``)."""
        from transformers import LogitsProcessorList

        processors = list(params.logits_processors)
        if params.forbidden:  # forbidden-handling: GUARD token filter inside decoding
            from guardgraph.tools.token_filter import build_logits_processors

            processors += build_logits_processors(
                self.tokenizer, params.forbidden, prompt_length=int(inputs["input_ids"].shape[1]),
                prompt_text=user_text,
            )
        kwargs: dict[str, Any] = {
            **inputs,
            "max_new_tokens": params.max_tokens,
            "pad_token_id": self.tokenizer.pad_token_id,
            "logits_processor": LogitsProcessorList(processors),
        }
        if params.temperature > 0:
            kwargs.update(do_sample=True, temperature=params.temperature, top_p=params.top_p)
        else:
            kwargs.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        if params.stop:
            kwargs["stop_strings"] = list(params.stop)
            kwargs["tokenizer"] = self.tokenizer
        return kwargs

    def _seed(self, params: GenerationParams) -> None:
        if params.seed is not None:
            import torch

            torch.manual_seed(params.seed)

    def generate(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Generation:
        import torch

        params = params or GenerationParams()
        inputs = self._encode(messages)
        with self._lock, torch.inference_mode():
            self._seed(params)
            output = self.model.generate(**self._generate_kwargs(inputs, params, _last_user(messages)))
        prompt_length = inputs["input_ids"].shape[1]
        new_tokens = output[0][prompt_length:]
        text = _strip_stop(self.tokenizer.decode(new_tokens, skip_special_tokens=True), params.stop)
        if params.forbidden:  # forbidden-handling: last-resort cleanup of the decoded text
            from guardgraph.tools.token_filter import guard_text

            text = guard_text(text, params.forbidden)
        finish = "length" if len(new_tokens) >= params.max_tokens else "stop"
        return Generation(text, int(prompt_length), int(len(new_tokens)), finish, self.name)

    def stream(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Iterator[str]:
        import torch
        from transformers import TextIteratorStreamer

        params = params or GenerationParams()
        inputs = self._encode(messages)
        streamer = TextIteratorStreamer(self.tokenizer, skip_prompt=True, skip_special_tokens=True)
        kwargs = self._generate_kwargs(inputs, params, _last_user(messages)) | {"streamer": streamer}
        failure: list[BaseException] = []

        def run() -> None:
            try:
                with torch.inference_mode():
                    self._seed(params)
                    self.model.generate(**kwargs)
            except BaseException as exc:  # surfaced to the consumer below
                failure.append(exc)
                streamer.end()

        with self._lock:
            worker = threading.Thread(target=run, daemon=True)
            worker.start()
            chunks = _stream_until_stop(streamer, params.stop)
            if params.forbidden:  # last resort, as in generate(): the logits processor comes first
                from guardgraph.tools.holdback import redacted_stream

                chunks = redacted_stream(chunks, params.forbidden)
            yield from chunks
            worker.join()
        if failure:
            raise ModelError(f"local model {self.name!r} failed while streaming: {failure[0]}") from failure[0]


def _last_user(messages: Sequence[dict[str, str]]) -> str:
    for message in reversed(list(messages)):
        if isinstance(message, dict) and message.get("role") == "user":
            return str(message.get("content") or "")
    return ""


def _strip_stop(text: str, stop: Sequence[str]) -> str:
    """Cut at the first stop string; transformers stops *after* emitting it."""
    cut = min((text.find(s) for s in stop if s and s in text), default=-1)
    return text[:cut] if cut >= 0 else text


def _stream_until_stop(chunks: Iterator[str], stop: Sequence[str]) -> Iterator[str]:
    """Yield chunks, holding back just enough text to never emit part of a stop string."""
    if not stop:
        yield from (c for c in chunks if c)
        return
    hold = max(len(s) for s in stop) - 1
    buffer = ""
    for chunk in chunks:
        buffer += chunk
        cut = min((buffer.find(s) for s in stop if s in buffer), default=-1)
        if cut >= 0:
            if buffer[:cut]:
                yield buffer[:cut]
            for _ in chunks:  # drain so generate() can finish
                pass
            return
        if len(buffer) > hold:
            release, buffer = buffer[: len(buffer) - hold], buffer[len(buffer) - hold :]
            yield release
    if buffer:
        yield buffer
