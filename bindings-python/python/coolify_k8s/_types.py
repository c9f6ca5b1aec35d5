"""The shapes coolify_k8s returns, named for type checkers. At run time they are plain dicts.

tests/test_types.py checks every key here against what the core returns for the shared vectors.
"""

import typing

__all__ = ["PodProblem", "Problem", "Rendered", "Replicas", "Rollout", "Verdict", "WorkloadVerdict"]


class Problem(typing.TypedDict):
    """A problem (an error) or a warning: a stable code, the field path in the input, a message."""

    code: str
    path: str
    message: str


class Rendered(typing.TypedDict):
    """What `render` returns: the Kubernetes objects in output order, and the warnings."""

    manifests: list[dict[str, typing.Any]]
    warnings: list[Problem]


class Replicas(typing.TypedDict):
    """Replica counts."""

    desired: int
    current: int
    updated: int
    ready: int
    available: int


class Rollout(typing.TypedDict):
    """The rollout, `kubectl rollout status`-style: a phase and kubectl's message."""

    phase: str
    message: str


class PodProblem(typing.TypedDict):
    """A pod with a problem."""

    name: str
    workload: str
    revision: str
    phase: typing.Optional[str]
    ready: bool
    restarts: int
    reason: str
    container: typing.Optional[str]
    message: str


class WorkloadVerdict(typing.TypedDict):
    """One workload (Deployment) judged on its own."""

    name: str
    excluded: bool
    status: str
    state: str
    health: str
    reason: str
    message: str
    replicas: Replicas
    rollout: Rollout


class Verdict(typing.TypedDict):
    """What `verdict` returns: Coolify's `state:health` status and the details behind it."""

    status: str
    state: str
    health: str
    reason: str
    message: str
    replicas: Replicas
    rollout: Rollout
    pods: list[PodProblem]
    pods_with_problems: int
    workloads: list[WorkloadVerdict]
