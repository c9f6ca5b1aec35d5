"""The TypedDicts of coolify_k8s._types name exactly the keys the core returns."""

from __future__ import annotations

import json
from typing import Any

import pytest

import coolify_k8s
from conftest import cases, input_file


def keys(typed: Any) -> set[str]:
    return set(typed.__annotations__)


def test_problem_and_rendered() -> None:
    seen = 0
    for case in cases("render"):
        rendered = coolify_k8s.render(input_file(case).read_text(encoding="utf-8"))
        assert set(rendered) == keys(coolify_k8s.Rendered)
        for warning in rendered["warnings"]:
            assert set(warning) == keys(coolify_k8s.Problem)
            seen += 1
    for case in cases("render-errors"):
        with pytest.raises(coolify_k8s.CoolifyK8sError) as caught:
            coolify_k8s.render(input_file(case).read_text(encoding="utf-8"))
        for problem in caught.value.problems:
            assert set(problem) == keys(coolify_k8s.Problem)
            seen += 1
    assert seen


def test_verdict() -> None:
    shapes = {"pods": 0, "workloads": 0}
    for case in cases("status"):
        context = json.loads((case / "context.json").read_text(encoding="utf-8"))
        try:
            verdict = coolify_k8s.verdict(input_file(case).read_text(encoding="utf-8"), **context)
        except coolify_k8s.CoolifyK8sError:
            continue
        assert set(verdict) == keys(coolify_k8s.Verdict)
        assert set(verdict["replicas"]) == keys(coolify_k8s.Replicas)
        assert set(verdict["rollout"]) == keys(coolify_k8s.Rollout)
        for pod in verdict["pods"]:
            assert set(pod) == keys(coolify_k8s.PodProblem)
            shapes["pods"] += 1
        for workload in verdict["workloads"]:
            assert set(workload) == keys(coolify_k8s.WorkloadVerdict)
            assert set(workload["replicas"]) == keys(coolify_k8s.Replicas)
            assert set(workload["rollout"]) == keys(coolify_k8s.Rollout)
            shapes["workloads"] += 1
    assert all(shapes.values()), shapes
