"""Every shared vector: byte-identical YAML, equal JSON manifests and warnings, equal problem lists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import coolify_k8s
from conftest import VECTORS, cases, input_file

# Known gaps: case name -> reason. Each one runs as a strict xfail, never as a silent skip.
EXPECTED_FAILURES: dict[str, str] = {}

RENDER = cases("render")
ERRORS = cases("render-errors")


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def params(folders: list[Path]) -> list[Any]:
    return [
        pytest.param(case, id=case.name, marks=[pytest.mark.xfail(reason=EXPECTED_FAILURES[case.name], strict=True)])
        if case.name in EXPECTED_FAILURES
        else pytest.param(case, id=case.name)
        for case in folders
    ]


def inputs(case: Path, objects_only: bool = True) -> list[Any]:
    """The input as text (what the CLI reads) and, when it is JSON, also as Python data: a dict
    (or, with `objects_only` off, any JSON value)."""
    path = input_file(case)
    text = path.read_text(encoding="utf-8")
    out: list[Any] = [text]
    if path.suffix == ".json":
        try:
            value = json.loads(text)
        except ValueError:
            return out
        if isinstance(value, dict) or not objects_only:
            out.append(value)
    return out


def test_the_vectors_exist() -> None:
    assert RENDER, f"no render vectors in {VECTORS / 'render'}"
    assert ERRORS, f"no render-error vectors in {VECTORS / 'render-errors'}"


@pytest.mark.parametrize("case", params(RENDER))
def test_render_vector(case: Path) -> None:
    expected_yaml = (case / "expected.yaml").read_bytes()
    expected_items = json.loads((case / "expected.json").read_text(encoding="utf-8"))["items"]
    expected_warnings = json.loads((case / "warnings.json").read_text(encoding="utf-8"))
    for bundle in inputs(case):
        label = type(bundle).__name__
        assert coolify_k8s.render_yaml(bundle).encode("utf-8") == expected_yaml, f"render_yaml({label})"
        rendered = coolify_k8s.render(bundle)
        assert sorted(rendered) == ["manifests", "warnings"]
        assert canonical(rendered["manifests"]) == canonical(expected_items), f"render({label})['manifests']"
        assert rendered["warnings"] == expected_warnings, f"render({label})['warnings']"


@pytest.mark.parametrize("case", params(ERRORS))
def test_render_error_vector(case: Path) -> None:
    expected = json.loads((case / "problems.json").read_text(encoding="utf-8"))
    assert expected, f"{case}/problems.json lists no problem"
    for bundle in inputs(case):
        for function in (coolify_k8s.render, coolify_k8s.render_yaml):
            with pytest.raises(coolify_k8s.CoolifyK8sError) as caught:
                function(bundle)
            assert caught.value.problems == expected, f"{function.__name__}({type(bundle).__name__})"


STATUS = cases("status")


def test_the_status_vectors_exist() -> None:
    assert STATUS, f"no status vectors in {VECTORS / 'status'}"


@pytest.mark.parametrize("case", params(STATUS))
def test_status_vector(case: Path) -> None:
    """verdict() gives the CLI's verdict (`coolify-k8s status`), or raises its problems."""
    context = json.loads((case / "context.json").read_text(encoding="utf-8"))
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    for observed in inputs(case, objects_only=False):
        label = type(observed).__name__
        if "problems" in expected and "status" not in expected:
            with pytest.raises(coolify_k8s.CoolifyK8sError) as caught:
                coolify_k8s.verdict(observed, **context)
            assert caught.value.problems == expected["problems"], f"verdict({label})"
        else:
            assert canonical(coolify_k8s.verdict(observed, **context)) == canonical(expected), f"verdict({label})"
