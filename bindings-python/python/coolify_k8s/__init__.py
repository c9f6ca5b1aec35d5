"""coolify_k8s: Coolify applications to Kubernetes objects, cluster state to Coolify's status
words, the shell commands Coolify runs, and sequential rollouts.

The coolify-k8s core (Rust), embedded: the same input gives byte-identical output to the
`coolify-k8s` command-line tool. Every function takes a dict or JSON/YAML text and raises
`CoolifyK8sError` (a `ValueError` whose `problems` lists every problem) on bad input.

>>> import coolify_k8s
>>> out = coolify_k8s.render({"application": {"uuid": "abc123", "name": "web",
...     "build_pack": "dockerimage", "docker_registry_image_name": "nginx"}})
>>> [m["kind"] for m in out["manifests"]][:3]
['Secret', 'Service', 'Deployment']
"""

from ._native import (
    CoolifyK8sError,
    __version__,
    check_cluster,
    coordinate,
    parse_kubeconfig,
    parse_top,
    plan,
    render,
    render_compose,
    render_compose_yaml,
    render_yaml,
    rewrite_k3s_kubeconfig,
    verdict,
)
from ._types import (
    ClusterRouting,
    ClusterVerdict,
    Condition,
    ContextSummary,
    CoordinationStatus,
    Decision,
    DeploymentState,
    Event,
    IngressClassInfo,
    Kubeconfig,
    KubeconfigSummary,
    NodeInfo,
    Patch,
    Plan,
    PodProblem,
    PodUsage,
    Problem,
    Rendered,
    Replicas,
    Rollout,
    Step,
    Usage,
    Verdict,
    WorkloadVerdict,
)

__all__ = [
    "ClusterRouting",
    "ClusterVerdict",
    "Condition",
    "ContextSummary",
    "CoordinationStatus",
    "CoolifyK8sError",
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
    "__version__",
    "check_cluster",
    "coordinate",
    "parse_kubeconfig",
    "parse_top",
    "plan",
    "render",
    "render_compose",
    "render_compose_yaml",
    "render_yaml",
    "rewrite_k3s_kubeconfig",
    "verdict",
]
