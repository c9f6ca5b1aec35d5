# Type stub of the Rust extension module (src/lib.rs). tests/test_stub.py checks it against the
# compiled module (mypy's stubtest and a signature comparison), so it cannot drift.

from collections.abc import Mapping, Sequence
from datetime import datetime

from coolify_k8s._types import Problem, Rendered, Verdict

__version__: str

class CoolifyK8sError(ValueError):
    """Bad input (or an internal error). `problems` lists every problem as {code, path, message}."""

    problems: list[Problem]

def render(bundle: Mapping[str, object] | str) -> Rendered: ...
def render_yaml(bundle: Mapping[str, object] | str) -> str: ...
def verdict(
    observed: Mapping[str, object] | Sequence[Mapping[str, object]] | str,
    now: datetime | str,
    deployed_at: datetime | str | None = None,
    grace: int | None = None,
    pull_request: int | None = None,
    health_check: str | None = None,
) -> Verdict: ...
