"""Using coolify_k8s from Python (type-checked with `mypy --strict` by test.sh)."""

import json
import sys
from datetime import datetime, timedelta, timezone

import coolify_k8s

bundle = {
    "application": {
        "uuid": "k4wc8o0cswk0gkgo8c0wk8gs",
        "name": "acme-web",
        "build_pack": "dockerimage",
        "docker_registry_image_name": "ghcr.io/acme/web",
        "docker_registry_image_tag": "1.4.2",
        "ports_exposes": "3000",
        "fqdn": "https://acme.dev",
    },
    "environment_variables": [{"key": "NODE_ENV", "value": "production", "is_runtime": True}],
    "server": {"settings": {"kubernetes_namespace": "coolify"}},
}


def main() -> int:
    try:
        rendered: coolify_k8s.Rendered = coolify_k8s.render(bundle)
    except coolify_k8s.CoolifyK8sError as error:
        for problem in error.problems:
            print(f"{problem['path']}: {problem['message']} [{problem['code']}]", file=sys.stderr)
        return 1
    for warning in rendered["warnings"]:
        print(f"warning: {warning['path']}: {warning['message']} [{warning['code']}]", file=sys.stderr)
    kinds = [manifest["kind"] for manifest in rendered["manifests"]]
    print(json.dumps(kinds))

    # What `kubectl get deployment,replicaset,pod -l ... -o json` printed, judged in Coolify's words.
    now = datetime.now(timezone.utc)
    observed = {"apiVersion": "v1", "kind": "List", "items": []}
    verdict: coolify_k8s.Verdict = coolify_k8s.verdict(observed, now, deployed_at=now - timedelta(seconds=30))
    print(verdict["status"], verdict["reason"])  # starting:unknown AwaitingObjects

    # A Docker Compose file with Coolify's context for it: the same kind of result as render.
    compose = {"uuid": "k8w3sdf0o4c", "compose": "services:\n  web:\n    image: nginx:1.27\n"}
    composed: coolify_k8s.Rendered = coolify_k8s.render_compose(compose)
    print(json.dumps([manifest["kind"] for manifest in composed["manifests"]]))

    # The shell commands Coolify runs over SSH, as data: here, scaling the application to 3.
    plan: coolify_k8s.Plan = coolify_k8s.plan({"action": "scale", "replicas": 3, "bundle": bundle})
    print(plan["steps"][0]["command"])  # kubectl -n coolify scale deployment/k4wc8o0cswk0gkgo8c0wk8gs --replicas=3 </dev/null

    # Sequential rollouts: which Deployment labelled component=web may roll out now.
    coordination = {"spec": {"labelSelector": {"matchLabels": {"component": "web"}}}, "deployments": []}
    decision: coolify_k8s.Decision = coolify_k8s.coordinate(coordination, now)
    print(decision["status"]["conditions"][0]["reason"])  # AllDeploymentsReady

    # The same bundle as JSON (or YAML) text gives the same result; render_yaml gives the CLI's bytes.
    yaml: str = coolify_k8s.render_yaml(json.dumps(bundle))
    sys.stdout.write(yaml)
    return 0


if __name__ == "__main__":
    sys.exit(main())
