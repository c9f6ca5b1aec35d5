"""The shared test vectors (tests/vectors/ at the repository root), read by every language."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import coolify_k8s

# COOLIFY_K8S_VECTORS points elsewhere (a scratch copy) when developing.
VECTORS = Path(os.environ.get("COOLIFY_K8S_VECTORS", Path(__file__).resolve().parents[2] / "tests" / "vectors"))


def cases(kind: str) -> list[Path]:
    """The case folders of tests/vectors/<kind>/, sorted by name."""
    folder = VECTORS / kind
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def input_file(case: Path) -> Path:
    """The case's input: input.json or input.yaml."""
    found = [case / name for name in ("input.json", "input.yaml", "input.yml") if (case / name).is_file()]
    assert len(found) == 1, f"{case}: expected exactly one input.json or input.yaml"
    return found[0]


def pretty(value: Any) -> str:
    """serde_json's pretty print of a JSON value (keys sorted), with the trailing newline."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def run_scenario(scenario: dict[str, Any], as_text: bool) -> list[dict[str, Any]]:
    """The polls of a scenario, as tests/vectors/coordinate/README.md says: each poll's input is
    the scenario's keys but `polls`, overlaid with the poll's but `step`, with `status` from the
    previous decision unless the poll gives one; as the pretty JSON text, or as a dict."""
    previous: Any = None
    outcomes: list[dict[str, Any]] = []
    for poll in scenario["polls"]:
        given = {k: v for k, v in scenario.items() if k != "polls"}
        given.update({k: v for k, v in poll.items() if k != "step"})
        if "status" not in poll and previous is not None:
            given["status"] = previous
        outcome: dict[str, Any] = {"step": poll["step"]} if "step" in poll else {}
        try:
            decision = coolify_k8s.coordinate(pretty(given)[:-1] if as_text else given)
        except coolify_k8s.CoolifyK8sError as error:
            outcome["problems"] = error.problems
        else:
            previous = decision["status"]
            outcome["decision"] = decision
        outcomes.append(outcome)
    return outcomes
