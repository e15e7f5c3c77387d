"""One exception tree: every exception class guardgraph defines subclasses GuardGraphError."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import guardgraph
from guardgraph import errors

OPTIONAL = {"ray", "psycopg", "torch", "transformers", "sentence_transformers"}  # extras a module may need


def all_modules() -> list[str]:
    names = ["guardgraph"]
    for sub in ("guardgraph.agents", "guardgraph.graphs", "guardgraph.memory", "guardgraph.tools", "guardgraph.cli"):
        package = importlib.import_module(sub)
        names.append(sub)
        names += [info.name for info in pkgutil.walk_packages(package.__path__, prefix=sub + ".")]
    names += ["guardgraph.errors", "guardgraph.server"]
    names = [n for n in names if not n.endswith(".__main__")]
    return sorted(set(names))


def exception_classes() -> list[tuple[str, type]]:
    found = []
    for name in all_modules():
        try:
            module = importlib.import_module(name)
        except ImportError as exc:  # a module behind an optional extra
            if exc.name and exc.name.split(".")[0] in OPTIONAL:
                continue
            raise
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseException) and obj.__module__.startswith("guardgraph."):
                found.append((f"{obj.__module__}.{obj.__qualname__}", obj))
    return sorted(set(found), key=lambda item: item[0])


def test_every_guardgraph_exception_subclasses_the_base():
    classes = exception_classes()
    # the walk really found the classes that used to stand alone
    names = {name.rsplit(".", 1)[1] for name, _ in classes}
    for expected in ("RegistryError", "HandbookError", "BanditStoreError", "SpecError", "ModelError", "RoutingError"):
        assert expected in names, sorted(names)
    strays = [name for name, cls in classes if not issubclass(cls, errors.GuardGraphError)]
    assert not strays, f"exception classes outside the GuardGraphError tree: {strays}"


def test_old_import_paths_are_the_same_classes():
    from guardgraph.graphs.batch import BatchInputError
    from guardgraph.graphs.builder import RoutingError
    from guardgraph.graphs.evaluation import EvalDataError
    from guardgraph.graphs.runtime import PipelineError
    from guardgraph.graphs.spec import SpecError
    from guardgraph.tools.base import ModelError

    assert SpecError is errors.SpecError is guardgraph.SpecError
    assert PipelineError is errors.PipelineError is guardgraph.PipelineError
    assert ModelError is errors.ModelError is guardgraph.ModelError
    assert RoutingError is errors.RoutingError
    assert BatchInputError is errors.BatchInputError
    assert EvalDataError is errors.EvalDataError


def test_store_errors_are_store_errors():
    from guardgraph.agents.strategy_bandit import BanditStoreError
    from guardgraph.memory.forget_store import RegistryError
    from guardgraph.memory.handbook import HandbookError

    for cls in (RegistryError, HandbookError, BanditStoreError):
        assert issubclass(cls, errors.StoreError)


@pytest.mark.parametrize("name", errors.__all__)
def test_each_error_has_http_mapping(name):
    cls = getattr(errors, name)
    assert issubclass(cls, errors.GuardGraphError)
    assert 400 <= cls.status < 600 and cls.type and cls.code
    assert getattr(guardgraph, name) is cls


def test_user_input_errors_stay_value_errors():
    assert issubclass(errors.SpecError, ValueError)
    assert issubclass(errors.PipelineError, ValueError)
    error = errors.SpecError("spec.yaml", [("nodes[0].agent", "unknown agent 'x'"), ("entry", "unknown node 'y'")])
    assert "\n" not in str(error)
    assert "spec.yaml: nodes[0].agent: unknown agent 'x'" in str(error)
    assert error.problems[1] == ("entry", "unknown node 'y'")
    assert str(errors.SpecError("just a message")) == "invalid graph spec: just a message"


def test_public_modules_declare_what_they_export():
    """Modules with ``__all__`` list only names they define (no stale entries)."""
    for name in all_modules():
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        for exported in getattr(module, "__all__", ()):
            assert hasattr(module, exported), f"{name}.__all__ lists {exported!r}, which it does not define"
