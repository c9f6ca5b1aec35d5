"""coolify_k8s: Coolify application bundles to Kubernetes objects, and cluster state to Coolify's
status words.

The coolify-k8s core (Rust), embedded: the same input gives byte-identical output to the
`coolify-k8s` command-line tool. Every function takes a dict or JSON/YAML text and raises
`CoolifyK8sError` (a `ValueError` whose `problems` lists every problem) on bad input.

>>> import coolify_k8s
>>> out = coolify_k8s.render({"application": {"uuid": "abc123", "name": "web",
...     "build_pack": "dockerimage", "docker_registry_image_name": "nginx"}})
>>> [m["kind"] for m in out["manifests"]][:3]
['Secret', 'Service', 'Deployment']
"""

from ._native import CoolifyK8sError, __version__, render, render_yaml, verdict
from ._types import PodProblem, Problem, Rendered, Replicas, Rollout, Verdict, WorkloadVerdict

__all__ = [
    "CoolifyK8sError",
    "PodProblem",
    "Problem",
    "Rendered",
    "Replicas",
    "Rollout",
    "Verdict",
    "WorkloadVerdict",
    "__version__",
    "render",
    "render_yaml",
    "verdict",
]
