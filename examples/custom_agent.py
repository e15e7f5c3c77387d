"""Register your own agent with one decorator and wire it into a declarative graph.

The graph (``custom_graph.yaml``) runs the built-in generator, then ``word_limit`` (below), which
trims the draft to ``max_words``. Swap ``--model`` for any litellm string or ``local``:

    .venv/bin/python examples/custom_agent.py                 # litellm mock_response, no network
    .venv/bin/python examples/custom_agent.py local           # the embedded SmolLM2
"""

import sys
from pathlib import Path

from pydantic import BaseModel, Field

from guardgraph import Pipeline, agent, node_context
from guardgraph.tools.litellm_backend import LiteLLMModel


class WordLimitParams(BaseModel):
    max_words: int = Field(12, ge=1)


@agent("word_limit", params=WordLimitParams)
def word_limit(state, config):
    """Keep at most ``max_words`` words of the draft (a plain function: state, config -> update)."""
    params = node_context(config).params
    words = state["draft"].split()
    trimmed = " ".join(words[: params.max_words]) + (" ..." if len(words) > params.max_words else "")
    return {"draft": trimmed, "reply": trimmed, "trace_detail": {"words_in": len(words)}}


if __name__ == "__main__":
    model = sys.argv[1] if len(sys.argv) > 1 else LiteLLMModel(
        "openai/gpt-4o-mini", mock_response="Paris is the capital of France and its largest city by far, "
        "home to the Louvre, the Eiffel Tower and about two million people.")
    pipe = Pipeline.from_spec(Path(__file__).with_name("custom_graph.yaml"), model=model, checkpointer="none")
    reply = pipe.invoke("What is the capital of France?")
    print(reply.text)
    print([(step["node"], step.get("detail")) for step in reply.trace])
    print(pipe.mermaid())
