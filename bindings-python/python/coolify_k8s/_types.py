"""The shapes coolify_k8s returns, named for type checkers. At run time they are plain dicts.

tests/test_types.py checks every key here against what the core returns for the shared vectors.
"""

import typing

__all__ = [
    "ClusterRouting",
    "ClusterVerdict",
    "Condition",
    "ContextSummary",
    "CoordinationStatus",
    "Decision",
    "DeploymentState",
    "Event",
    "IngressClassInfo",
    "Kubeconfig",
    "KubeconfigSummary",
    "NodeInfo",
    "Patch",
    "Plan",
    "PodProblem",
    "PodUsage",
    "Problem",
    "Rendered",
    "Replicas",
    "Rollout",
    "Step",
    "Usage",
    "Verdict",
    "WorkloadVerdict",
]


class Problem(typing.TypedDict):
    """A problem (an error) or a warning: a stable code, the field path in the input, a message."""

    code: str
    path: str
    message: str


class Rendered(typing.TypedDict):
    """What `render` and `render_compose` return: the Kubernetes objects in output order, and
    the warnings."""

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


# --- plan --------------------------------------------------------------------------------------


class Step(typing.TypedDict):
    """One shell command of a plan. A `hidden` step carries a secret: never log it."""

    command: str
    description: str
    fatal: bool
    hidden: bool


class ContextSummary(typing.TypedDict):
    """One context of a kubeconfig."""

    name: str
    cluster: str
    user: typing.Optional[str]
    namespace: typing.Optional[str]


class KubeconfigSummary(typing.TypedDict):
    """What a kubeconfig holds, without its secrets."""

    context: str
    cluster: str
    server: str
    user: typing.Optional[str]
    namespace: typing.Optional[str]
    auth: list[str]
    current_context: typing.Optional[str]
    contexts: list[ContextSummary]


class _Plan(typing.TypedDict):
    action: str
    steps: list[Step]
    warnings: list[Problem]


class Plan(_Plan, total=False):
    """What `plan` returns: the action's name, its steps in order, and the warnings; for
    `link-cluster` also `kubeconfig`, the summary."""

    kubeconfig: KubeconfigSummary


class PodUsage(typing.TypedDict):
    """One line of `kubectl top pods`."""

    pod: str
    container: typing.Optional[str]
    cpu_millicores: int
    memory_bytes: int


class Usage(typing.TypedDict):
    """What `parse_top` returns: every line, and the sums."""

    pods: list[PodUsage]
    cpu_millicores: int
    memory_bytes: int


class NodeInfo(typing.TypedDict):
    """One node of a cluster."""

    name: str
    ready: bool
    unschedulable: bool
    roles: list[str]
    kubelet_version: typing.Optional[str]
    internal_ip: typing.Optional[str]
    external_ip: typing.Optional[str]


class IngressClassInfo(typing.TypedDict):
    """One IngressClass."""

    name: str
    controller: typing.Optional[str]
    default: bool


class ClusterRouting(typing.TypedDict):
    """Routing a cluster can serve, and the server settings to choose."""

    traefik_crds: bool
    gateway_api: bool
    cert_manager: bool
    flavour: typing.Optional[str]
    ingress_class: typing.Optional[str]


class ClusterVerdict(typing.TypedDict):
    """What `check_cluster` returns."""

    ready: bool
    reason: str
    message: str
    reachable: bool
    server_version: typing.Optional[str]
    client_version: typing.Optional[str]
    distribution: typing.Optional[str]
    nodes_total: int
    nodes_ready: int
    nodes: list[NodeInfo]
    ingress_classes: list[IngressClassInfo]
    routing: ClusterRouting
    warnings: list[Problem]


class Kubeconfig(typing.TypedDict):
    """What `parse_kubeconfig` returns: the summary of the chosen context, and the warnings."""

    summary: KubeconfigSummary
    warnings: list[Problem]


# --- coordinate (the core's camelCase field names) ---------------------------------------------


class Patch(typing.TypedDict):
    """One pause or unpause."""

    namespace: str
    name: str
    paused: bool


class Event(typing.TypedDict):
    """One event to record on the coordination."""

    type: str
    reason: str
    message: str
    deployment: str


class Condition(typing.TypedDict):
    """A `metav1.Condition`: `Ready`, `Progressing` or `Degraded`."""

    type: str
    status: str
    reason: str
    message: str
    lastTransitionTime: str


class _DeploymentState(typing.TypedDict):
    name: str
    hasPendingChanges: bool
    generation: int


class DeploymentState(_DeploymentState, total=False):
    """What the coordination remembers about one Deployment."""

    lastRolloutStarted: str
    lastRolloutFinished: str
    failedGeneration: int
    failureMessage: str


class _CoordinationStatus(typing.TypedDict):
    deployments: list[str]
    deploymentStates: list[DeploymentState]
    conditions: list[Condition]


class CoordinationStatus(_CoordinationStatus, total=False):
    """The coordination's status: pass it back in (`status`) on the next poll."""

    activeDeployment: str


class Decision(typing.TypedDict):
    """What `coordinate` returns."""

    activeDeployment: typing.Optional[str]
    patches: list[Patch]
    steps: list[Step]
    status: CoordinationStatus
    events: list[Event]
    requeueAfterSeconds: typing.Optional[int]
