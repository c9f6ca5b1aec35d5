"""The TypedDicts of coolify_k8s._types name exactly the keys the core returns."""

from __future__ import annotations

import json
from typing import Any

import pytest

import coolify_k8s
from conftest import cases, input_file, run_scenario


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


def check(value: Any, typed: Any) -> None:
    """`value` has every required key of `typed` and no key it does not name."""
    assert typed.__required_keys__ <= set(value) <= keys(typed), (sorted(value), typed.__name__)


def test_rendered_compose() -> None:
    seen = 0
    for case in cases("compose"):
        rendered = coolify_k8s.render_compose(input_file(case).read_text(encoding="utf-8"))
        check(rendered, coolify_k8s.Rendered)
        for warning in rendered["warnings"]:
            check(warning, coolify_k8s.Problem)
            seen += 1
    for case in cases("compose-errors"):
        with pytest.raises(coolify_k8s.CoolifyK8sError) as caught:
            coolify_k8s.render_compose(input_file(case).read_text(encoding="utf-8"))
        for problem in caught.value.problems:
            check(problem, coolify_k8s.Problem)
            seen += 1
    assert seen


def test_plan_and_readers() -> None:
    shapes = dict.fromkeys(["plan", "kubeconfig", "usage", "cluster", "parsed kubeconfig"], 0)
    for case in cases("plan"):
        value = json.loads((case / "input.json").read_text(encoding="utf-8"))
        reader = value.get("parse")
        try:
            if reader is None:
                planned = coolify_k8s.plan(value)
            elif reader == "resources":
                usage = coolify_k8s.parse_top(value["text"])
            elif reader == "cluster-check":
                cluster = coolify_k8s.check_cluster(value["text"])
            elif reader == "kubeconfig":
                kubeconfig = coolify_k8s.parse_kubeconfig(value["text"], value.get("context"))
            else:
                continue
        except coolify_k8s.CoolifyK8sError:
            continue
        if reader is None:
            check(planned, coolify_k8s.Plan)
            for step in planned["steps"]:
                check(step, coolify_k8s.Step)
            for warning in planned["warnings"]:
                check(warning, coolify_k8s.Problem)
            shapes["plan"] += 1
            if "kubeconfig" in planned:
                check(planned["kubeconfig"], coolify_k8s.KubeconfigSummary)
                for context in planned["kubeconfig"]["contexts"]:
                    check(context, coolify_k8s.ContextSummary)
                shapes["kubeconfig"] += 1
        elif reader == "resources":
            check(usage, coolify_k8s.Usage)
            for pod in usage["pods"]:
                check(pod, coolify_k8s.PodUsage)
            shapes["usage"] += 1
        elif reader == "cluster-check":
            check(cluster, coolify_k8s.ClusterVerdict)
            check(cluster["routing"], coolify_k8s.ClusterRouting)
            for node in cluster["nodes"]:
                check(node, coolify_k8s.NodeInfo)
            for ingress_class in cluster["ingress_classes"]:
                check(ingress_class, coolify_k8s.IngressClassInfo)
            shapes["cluster"] += 1
        else:
            check(kubeconfig, coolify_k8s.Kubeconfig)
            check(kubeconfig["summary"], coolify_k8s.KubeconfigSummary)
            shapes["parsed kubeconfig"] += 1
    assert all(shapes.values()), shapes


def test_decision() -> None:
    seen: dict[str, set[str]] = {"state": set(), "status": set()}
    for case in cases("coordinate"):
        scenario = json.loads((case / "input.json").read_text(encoding="utf-8"))
        for outcome in run_scenario(scenario, as_text=True):
            if "decision" not in outcome:
                continue
            decision = outcome["decision"]
            check(decision, coolify_k8s.Decision)
            for patch in decision["patches"]:
                check(patch, coolify_k8s.Patch)
            for step in decision["steps"]:
                check(step, coolify_k8s.Step)
            for event in decision["events"]:
                check(event, coolify_k8s.Event)
            status = decision["status"]
            check(status, coolify_k8s.CoordinationStatus)
            seen["status"] |= set(status)
            for condition in status["conditions"]:
                check(condition, coolify_k8s.Condition)
            for state in status["deploymentStates"]:
                check(state, coolify_k8s.DeploymentState)
                seen["state"] |= set(state)
    # Every optional key shows up somewhere.
    assert seen["state"] == keys(coolify_k8s.DeploymentState)
    assert seen["status"] == keys(coolify_k8s.CoordinationStatus)
