"""Every shared vector: byte-identical YAML, equal JSON manifests and warnings, equal plans and
decisions, equal problem lists."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable

import pytest

import coolify_k8s
from conftest import VECTORS, cases, input_file, pretty, run_scenario

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


COMPOSE = cases("compose")
COMPOSE_ERRORS = cases("compose-errors")


def test_the_compose_vectors_exist() -> None:
    assert COMPOSE, f"no compose vectors in {VECTORS / 'compose'}"
    assert COMPOSE_ERRORS, f"no compose-error vectors in {VECTORS / 'compose-errors'}"


@pytest.mark.parametrize("case", params(COMPOSE))
def test_compose_vector(case: Path) -> None:
    """render_compose_yaml gives `coolify-k8s compose`'s bytes; render_compose its JSON and warnings."""
    expected_yaml = (case / "expected.yaml").read_bytes()
    expected_items = json.loads((case / "expected.json").read_text(encoding="utf-8"))["items"]
    expected_warnings = json.loads((case / "warnings.json").read_text(encoding="utf-8"))
    for value in inputs(case):
        label = type(value).__name__
        assert coolify_k8s.render_compose_yaml(value).encode("utf-8") == expected_yaml, f"render_compose_yaml({label})"
        rendered = coolify_k8s.render_compose(value)
        assert sorted(rendered) == ["manifests", "warnings"]
        assert canonical(rendered["manifests"]) == canonical(expected_items), f"render_compose({label})['manifests']"
        assert rendered["warnings"] == expected_warnings, f"render_compose({label})['warnings']"


@pytest.mark.parametrize("case", params(COMPOSE_ERRORS))
def test_compose_error_vector(case: Path) -> None:
    expected = json.loads((case / "problems.json").read_text(encoding="utf-8"))
    assert expected, f"{case}/problems.json lists no problem"
    for value in inputs(case):
        for function in (coolify_k8s.render_compose, coolify_k8s.render_compose_yaml):
            with pytest.raises(coolify_k8s.CoolifyK8sError) as caught:
                function(value)
            assert caught.value.problems == expected, f"{function.__name__}({type(value).__name__})"


PLAN = cases("plan")


def test_the_plan_vectors_exist() -> None:
    assert PLAN, f"no plan vectors in {VECTORS / 'plan'}"


def run_reader(reader: dict[str, Any]) -> Any:
    """A `parse` vector through its reader: what a plan's commands printed, or a kubeconfig."""
    kind, text = reader["parse"], reader["text"]
    if kind == "resources":
        return coolify_k8s.parse_top(text)
    if kind == "cluster-check":
        return coolify_k8s.check_cluster(text)
    if kind == "kubeconfig":
        return coolify_k8s.parse_kubeconfig(text, reader.get("context"))
    if kind == "k3s-kubeconfig":
        return coolify_k8s.rewrite_k3s_kubeconfig(text, reader.get("public_address", ""))
    raise AssertionError(f"unknown reader {kind}")


@pytest.mark.parametrize("case", params(PLAN))
def test_plan_vector(case: Path) -> None:
    """plan() gives `coolify-k8s plan`'s plan (the action as a dict and as JSON text), a reader
    what `coolify-k8s plan parse` prints; or the same problems."""
    text = (case / "input.json").read_text(encoding="utf-8")
    value = json.loads(text)
    calls: list[tuple[str, Callable[[], Any]]]
    if "parse" in value:
        calls = [(value["parse"], lambda: run_reader(value))]
    else:
        calls = [("plan(dict)", lambda: coolify_k8s.plan(value)), ("plan(str)", lambda: coolify_k8s.plan(text))]
    for label, call in calls:
        if (case / "problems.json").is_file():
            with pytest.raises(coolify_k8s.CoolifyK8sError) as caught:
                call()
            expected = json.loads((case / "problems.json").read_text(encoding="utf-8"))
            assert caught.value.problems == expected, label
        elif (case / "expected.txt").is_file():
            assert call() == (case / "expected.txt").read_text(encoding="utf-8"), label
        else:
            expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
            assert canonical(call()) == canonical(expected), label


COORDINATE = cases("coordinate")


def test_the_coordinate_vectors_exist() -> None:
    assert COORDINATE, f"no coordinate vectors in {VECTORS / 'coordinate'}"


def without_position(outcomes: Any) -> Any:
    """Problem messages without the `at line L column C` that only a text parse can give."""
    return json.loads(re.sub(r" at line \d+ column \d+\"", '"', json.dumps(outcomes)))


@pytest.mark.parametrize("case", params(COORDINATE))
def test_coordinate_vector(case: Path) -> None:
    """coordinate() gives, poll after poll, the decisions (or problems) of `coolify-k8s coordinate`:
    byte for byte from JSON text; from a dict, the same but for the text's line and column."""
    scenario = json.loads((case / "input.json").read_text(encoding="utf-8"))
    expected = (case / "expected.json").read_text(encoding="utf-8")
    assert pretty(run_scenario(scenario, as_text=True)) == expected, "coordinate(str)"
    assert without_position(run_scenario(scenario, as_text=False)) == without_position(json.loads(expected)), "coordinate(dict)"
