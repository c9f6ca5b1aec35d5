"""The documentation runs: the package docstring's example and examples/usage.py (which the
README quotes; test.sh also type-checks it with mypy --strict)."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
from pathlib import Path

import coolify_k8s

USAGE = Path(__file__).resolve().parents[1] / "examples" / "usage.py"


def test_package_docstring_example() -> None:
    result = doctest.testmod(coolify_k8s)
    assert result.attempted > 0 and result.failed == 0


def test_usage_example_runs() -> None:
    run = subprocess.run([sys.executable, str(USAGE)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    kinds, status, composed, command, ready, rest = run.stdout.split("\n", 5)
    assert "Deployment" in json.loads(kinds)
    assert status == "starting:unknown AwaitingObjects"
    assert "Deployment" in json.loads(composed)
    assert command == "kubectl -n coolify scale deployment/k4wc8o0cswk0gkgo8c0wk8gs --replicas=3 </dev/null"
    assert ready == "AllDeploymentsReady"
    assert rest.startswith("apiVersion: v1\nkind: Secret\n")


def test_the_readme_example_is_copied_from_usage() -> None:
    """Every line of the README's Python example is a line of examples/usage.py, in order."""
    readme = (USAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    snippet = readme.split("```python\n", 1)[1].split("```", 1)[0]
    source = iter(line.strip() for line in USAGE.read_text(encoding="utf-8").splitlines())
    for line in filter(None, (line.strip() for line in snippet.splitlines())):
        assert line in source, f"README line not in examples/usage.py (in order): {line}"
