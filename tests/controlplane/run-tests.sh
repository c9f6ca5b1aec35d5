#!/usr/bin/env bash
# The control-plane suite: build (cached) and start a real Kubernetes v1.33 control plane on
# 127.0.0.1, apply every rendered vector with server-side dry run (and really create a few),
# then stop it — also when a step fails.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
"$here/controlplane.sh" build
trap '"$here/controlplane.sh" stop >/dev/null 2>&1 || true' EXIT
eval "$("$here/controlplane.sh" start)"
"$here/apply-vectors.sh" "$here/../vectors/render"
"$here/apply-vectors.sh" "$here/../vectors/compose"
# The command plans for real, status from real objects, and a compose stack's workloads.
(cd "$here/../.." && cargo build -q --locked -p coolify-k8s)
"$here/e2e.sh"
"$here/e2e-compose.sh"
