"""guardgraph's per-node overhead vs bare LangGraph, without any model.

Both graphs are 5 nodes in a line doing the same trivial update. The difference per node is what
guardgraph adds: the NodeContext hand-off and the timed trace step. Target: within 1 ms per node.

    python benchmarks/overhead.py [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from langgraph.checkpoint.memory import InMemorySaver  # noqa: E402
from langgraph.graph import END, StateGraph  # noqa: E402

from _report import report  # noqa: E402
from guardgraph import Pipeline  # noqa: E402
from guardgraph.graphs.registry import Registry  # noqa: E402
from guardgraph.graphs.state import GuardState, turn_input  # noqa: E402
from guardgraph.tools.litellm_backend import LiteLLMModel  # noqa: E402

NODES = 5


def bump(state, config=None):
    return {"round": state.get("round", 0) + 1}


def bare_graph(checkpointer):
    graph = StateGraph(GuardState)
    names = [f"n{i}" for i in range(NODES)]
    for name in names:
        graph.add_node(name, bump)
    graph.set_entry_point(names[0])
    for a, b in zip(names, names[1:]):
        graph.add_edge(a, b)
    graph.add_edge(names[-1], END)
    return graph.compile(checkpointer=checkpointer)


def guardgraph_pipeline(checkpointer):
    registry = Registry()
    registry.add_agent("bump", bump)
    spec = {
        "name": "overhead",
        "models": {"default": "openai/gpt-4o-mini"},
        "entry": "n0",
        "nodes": [{"id": f"n{i}", "agent": "bump"} for i in range(NODES)],
        "edges": [{"from": f"n{i}", "to": f"n{i + 1}"} for i in range(NODES - 1)] + [{"from": f"n{NODES - 1}", "to": "END"}],
    }
    model = LiteLLMModel("openai/gpt-4o-mini", mock_response="unused")
    return Pipeline.from_spec(spec, model=model, registry=registry, checkpointer=checkpointer)


def time_runs(run, repeats: int) -> list[float]:
    for _ in range(20):
        run()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeats = 200 if args.quick else 1000
    rows, data = [], {"nodes": NODES, "repeats": repeats, "results": {}}
    for checkpointer_name in ("none", "memory"):
        def saver():
            return InMemorySaver() if checkpointer_name == "memory" else None

        bare = bare_graph(saver())
        payload = turn_input("hello", turn="t", scope="u", tenant=None, context=None)
        bare_config = {"configurable": {"thread_id": "bench"}}
        bare_ms = time_runs(lambda: bare.invoke(payload, bare_config), repeats)
        pipe = guardgraph_pipeline(saver() if checkpointer_name == "memory" else "none")
        ours_ms = time_runs(lambda: pipe.invoke("hello", thread="bench"), repeats)
        bare_node = statistics.median(bare_ms) / NODES
        ours_node = statistics.median(ours_ms) / NODES
        rows.append((checkpointer_name, bare_node, ours_node, ours_node - bare_node))
        data["results"][checkpointer_name] = {
            "bare_langgraph_ms_per_node_p50": bare_node,
            "guardgraph_ms_per_node_p50": ours_node,
            "overhead_ms_per_node": ours_node - bare_node,
            "bare_run_ms_p50": statistics.median(bare_ms),
            "guardgraph_run_ms_p50": statistics.median(ours_ms),
        }
    report("overhead", f"Per-node cost, {NODES}-node graph, no model (p50)",
           ["checkpointer", "bare LangGraph ms/node", "guardgraph ms/node", "overhead ms/node"], rows, data)


if __name__ == "__main__":
    main()
