"""Packaging from one source of truth: pyproject's package map agrees with the tree."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import guardgraph

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
IGNORED = {"__pycache__", "data_cache"}


def folder_of(package: str) -> Path:
    """Where setuptools takes ``package`` from, following ``package-dir`` like setuptools does."""
    mapping = SETUPTOOLS["package-dir"]
    parts = package.split(".")
    for cut in range(len(parts), 0, -1):
        prefix = ".".join(parts[:cut])
        if prefix in mapping:
            return ROOT / mapping[prefix] / Path(*parts[cut:]) if parts[cut:] else ROOT / mapping[prefix]
    return ROOT / Path(*parts)


def shipped_folders() -> set[str]:
    """Every folder under a mapped root that holds modules or files named in package-data."""
    found = set()
    for package, folder in SETUPTOOLS["package-dir"].items():
        for path in [ROOT / folder, *(ROOT / folder).rglob("*")]:
            if not path.is_dir() or IGNORED & set(path.relative_to(ROOT).parts):
                continue
            if any(child.is_file() and not child.name.startswith(".") for child in path.iterdir()):
                relative = path.relative_to(ROOT / folder).parts
                found.add(".".join([package, *relative]))
    return found


def test_every_package_maps_to_an_existing_folder():
    for package in SETUPTOOLS["packages"]:
        assert folder_of(package).is_dir(), f"{package} -> {folder_of(package)} does not exist"
    for package in SETUPTOOLS["package-dir"]:
        assert package in SETUPTOOLS["packages"], f"package-dir maps {package} but packages does not list it"


def test_every_folder_with_files_is_listed():
    missing = sorted(shipped_folders() - set(SETUPTOOLS["packages"]))
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {missing}"


def test_package_data_belongs_to_listed_packages_and_matches_files():
    for package, patterns in SETUPTOOLS.get("package-data", {}).items():
        assert package in SETUPTOOLS["packages"], package
        matched = [path for pattern in patterns for path in folder_of(package).glob(pattern)]
        assert matched, f"{package}: {patterns} match no file"


def test_version_has_one_source():
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert SETUPTOOLS["dynamic"]["version"] == {"attr": "guardgraph.__version__"}
    from importlib.metadata import version

    assert version("guardgraph") == guardgraph.__version__


def test_no_unused_declared_dependency():
    names = [dep.split(">")[0].split("=")[0].split("[")[0].split("<")[0].strip() for dep in PYPROJECT["project"]["dependencies"]]
    assert "pydantic-settings" not in names
    assert "rouge-score" in PYPROJECT["project"]["optional-dependencies"]["eval"][0]


def _declared() -> set[str]:
    import re

    project = PYPROJECT["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    return {re.split(r"[\s<>=!\[;~]", req, maxsplit=1)[0].lower().replace("_", "-") for req in requirements}


def _imported_top_levels() -> dict[str, str]:
    """Top-level module -> first file importing it, over every shipped module (function-level too)."""
    import ast

    found: dict[str, str] = {}
    for folder in SETUPTOOLS["package-dir"].values():
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def test_every_third_party_import_is_a_declared_dependency():
    from importlib.metadata import packages_distributions

    dists = packages_distributions()
    declared = _declared()
    # imported directly, installed by a declared dependency that guarantees them
    declared |= {"starlette", "langchain-core", "tiktoken"}  # fastapi, langgraph, litellm
    stdlib = set(sys.stdlib_module_names)
    missing = {}
    for module, where in _imported_top_levels().items():
        if module in stdlib or module == "guardgraph":
            continue
        candidates = {d.lower().replace("_", "-") for d in dists.get(module, [])} | {module.lower().replace("_", "-")}
        if candidates & declared:
            continue
        if module not in dists:
            missing[module] = f"{where} (not installed here either)"
        else:
            missing[module] = f"{where} (provided by {sorted(candidates)})"
    assert not missing, f"imported but not declared in pyproject.toml (dependencies or an extra): {missing}"
