#!/usr/bin/env bash
# End to end on the running test control plane (KUBECONFIG set by `controlplane.sh start`):
# the command plans' kubectl steps run for real (apply, scale, stop, start, restart, delete,
# status), and `coolify-k8s status` judges the real objects — right after creation, with pod
# statuses patched the way a kubelet writes them, scaled to zero, paused, deleted.
# Prints `e2e: N passed, M failed`; exit 1 on any failure.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${COOLIFY_K8S_CACHE:-$HOME/.cache/coolify-k8s}
version=$(sed -n 's/^K8S_VERSION=\([^ ]*\).*/\1/p' "$here/controlplane.sh")
export PATH="$cache/controlplane/$version:$PATH" # the kubectl of the same release first
cli=${COOLIFY_K8S_BIN:-${CARGO_TARGET_DIR:-$cache/target}/debug/coolify-k8s}
[[ -x $cli ]] || { echo "e2e: $cli is not built (cargo build)"; exit 1; }
[[ -n ${KUBECONFIG:-} ]] || { echo "e2e: KUBECONFIG is not set (controlplane.sh start)"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ns=coolify-e2e
uuid=e2ewebapp0k4c8gs0okw8g4c
cat > "$work/bundle.json" <<JSON
{
  "application": {
    "uuid": "$uuid", "name": "e2e-web", "build_pack": "dockerimage",
    "docker_registry_image_name": "nginx", "docker_registry_image_tag": "1.27-alpine",
    "ports_exposes": "80", "fqdn": "https://e2e.example.com",
    "health_check_enabled": true, "health_check_path": "/",
    "limits_memory": "128m", "limits_cpus": "0.5"
  },
  "environment_variables": [ { "key": "GREETING", "value": "yes" } ],
  "server": { "settings": { "kubernetes_namespace": "$ns", "kubernetes_create_namespace": true } }
}
JSON

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "e2e: ok   $*"; }
bad() { failed=$((failed + 1)); echo "e2e: FAIL $*"; }

run_plan() { # ACTION [options] — runs the plan's script the way Coolify does: one script on bash's stdin
  local action=$1
  shift
  if "$cli" plan "$action" "$@" --script "${BUNDLE:-$work/bundle.json}" > "$work/$action.sh" && bash -se < "$work/$action.sh" > "$work/$action.out" 2>&1; then
    ok "plan $action ran"
  else
    bad "plan $action: $(tail -3 "$work/$action.out" 2>/dev/null)"
  fi
}

iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
deployed=$(date -u +%s)

verdict() { # NOW_OFFSET_SECONDS EXPECTED_STATUS EXPECTED_REASON LABEL
  "$cli" plan status --script "$work/bundle.json" | head -1 > "$work/read.sh"
  bash -se < "$work/read.sh" > "$work/observed.json" 2> "$work/read.err" || { bad "$4: status read failed: $(cat "$work/read.err")"; return; }
  local out
  out=$("$cli" status "$work/observed.json" --now "$(iso $((deployed + $1)))" --deployed-at "$(iso "$deployed")") || { bad "$4: status failed"; return; }
  local status reason
  status=$(printf '%s' "$out" | python3 -c 'import json,sys; v=json.load(sys.stdin); print(v["status"])')
  reason=$(printf '%s' "$out" | python3 -c 'import json,sys; v=json.load(sys.stdin); print(v["reason"])')
  if [[ $status == "$2" && $reason == "$3" ]]; then ok "$4: $status ($reason)"; else bad "$4: got $status ($reason), want $2 ($3)"; fi
}

wait_for() { # SECONDS COMMAND...
  local deadline=$(( $(date +%s) + $1 ))
  shift
  until "$@" > /dev/null 2>&1; do
    (( $(date +%s) < deadline )) || return 1
    sleep 1
  done
}

pods() { kubectl -n "$ns" get pods -l "coolify.name=$uuid" -o jsonpath='{.items[*].metadata.name}'; }
one_pod() { [[ -n $(pods) ]]; }

patch_pod() { # STATUS_JSON — writes a pod status as a kubelet would
  local p
  for p in $(pods); do
    kubectl -n "$ns" patch pod "$p" --subresource=status --type=merge -p "$1" > /dev/null || bad "patch $p"
  done
}

container=$(python3 -c 'print("e2e-web")')
started=$(iso "$deployed")

kubectl delete namespace "$ns" --ignore-not-found --wait=true > /dev/null 2>&1
run_plan apply
wait_for 60 one_pod && ok "the controller created a pod" || bad "no pod after 60 s"
verdict 30 "starting:unknown" "Starting" "right after the deploy, pods pending"
verdict 600 "exited:unhealthy" "NoPods" "pending for 10 minutes, nothing explains it"

patch_pod "{\"status\":{\"phase\":\"Pending\",\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"False\",\"reason\":\"Unschedulable\",\"message\":\"0/1 nodes are available: 1 Insufficient memory.\"}]}}"
verdict 30 "starting:unknown" "Starting" "unschedulable within the grace window"
verdict 600 "degraded:unhealthy" "Unschedulable" "unschedulable after the grace window"

patch_pod "{\"status\":{\"phase\":\"Pending\",\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"True\"}],\"containerStatuses\":[{\"name\":\"$container\",\"image\":\"nginx:1.27-alpine\",\"imageID\":\"\",\"ready\":false,\"restartCount\":0,\"started\":false,\"state\":{\"waiting\":{\"reason\":\"ImagePullBackOff\",\"message\":\"Back-off pulling image\"}}}]}}"
verdict 600 "degraded:unhealthy" "ImagePullBackOff" "image pull back-off"

patch_pod "{\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"$container\",\"image\":\"nginx:1.27-alpine\",\"imageID\":\"\",\"ready\":false,\"restartCount\":6,\"started\":false,\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":\"back-off 5m0s restarting failed container\"}},\"lastState\":{\"terminated\":{\"exitCode\":1,\"reason\":\"Error\",\"startedAt\":\"$started\",\"finishedAt\":\"$started\"}}}]}}"
verdict 30 "degraded:unhealthy" "CrashLoopBackOff" "crash looping"

patch_pod "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"True\"},{\"type\":\"Ready\",\"status\":\"True\"},{\"type\":\"ContainersReady\",\"status\":\"True\"}],\"containerStatuses\":[{\"name\":\"$container\",\"image\":\"nginx:1.27-alpine\",\"imageID\":\"\",\"ready\":true,\"restartCount\":0,\"started\":true,\"state\":{\"running\":{\"startedAt\":\"$started\"}}}]}}"
wait_for 30 bash -c "kubectl -n $ns get deployment $uuid -o jsonpath='{.status.readyReplicas}' | grep -q 1" || bad "the Deployment never counted the ready pod"
verdict 60 "running:healthy" "Serving" "running and ready"

kubectl -n "$ns" patch deployment "$uuid" --type=merge -p '{"spec":{"paused":true}}' > /dev/null
verdict 60 "running:healthy" "Serving" "paused, still serving"
kubectl -n "$ns" patch deployment "$uuid" --type=merge -p '{"spec":{"paused":false}}' > /dev/null

run_plan stop
wait_for 30 bash -c "[ -z \"\$(kubectl -n $ns get pods -l coolify.name=$uuid -o name)\" ]" || true
verdict 600 "exited:unhealthy" "Stopped" "stopped (scaled to zero)"
run_plan start
wait_for 30 one_pod && ok "start brought a pod back" || bad "no pod after start"
run_plan scale --replicas 2
wait_for 30 bash -c "kubectl -n $ns get deployment $uuid -o jsonpath='{.spec.replicas}' | grep -q 2" && ok "scaled to 2" || bad "scale to 2 not applied"
run_plan restart
wait_for 30 bash -c "kubectl -n $ns get deployment $uuid -o jsonpath='{.spec.template.metadata.annotations}' | grep -q restartedAt" && ok "restart set restartedAt" || bad "restart did not change the template"
# Turning autoscaling on for a running application keeps its replica count (the apply plan hands
# the field over before the Deployment stops carrying it).
python3 - "$work/bundle.json" "$work/bundle-hpa.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
b["application"]["kubernetes_autoscaling"] = {"enabled": True, "min_replicas": 1, "max_replicas": 5, "target_cpu_utilization": 50}
json.dump(b, open(sys.argv[2], "w"))
PY
BUNDLE=$work/bundle-hpa.json run_plan apply
replicas=$(kubectl -n "$ns" get deployment "$uuid" -o jsonpath='{.spec.replicas}')
[[ $replicas == 2 ]] && ok "autoscaling on: replicas kept at 2" || bad "autoscaling on: replicas became $replicas"
kubectl -n "$ns" get hpa "$uuid" > /dev/null 2>&1 && ok "the autoscaler exists" || bad "no autoscaler"
BUNDLE=$work/bundle-hpa.json run_plan apply
replicas=$(kubectl -n "$ns" get deployment "$uuid" -o jsonpath='{.spec.replicas}')
[[ $replicas == 2 ]] && ok "a second apply keeps the replicas" || bad "second apply: replicas became $replicas"
run_plan apply
run_plan delete
wait_for 30 bash -c "[ -z \"\$(kubectl -n $ns get deployment,service,secret,ingressroute -l coolify.name=$uuid -o name)\" ]" && ok "delete removed the application's objects" || bad "objects left after delete"
kubectl get namespace "$ns" > /dev/null 2>&1 && ok "delete kept the namespace" || bad "delete removed the namespace"
verdict 600 "exited:unhealthy" "NotDeployed" "deleted"
# A private registry's credentials: the Secret exists with the right type and content.
printf '%s' '{"name": "e2e-registry", "server": "registry.example.com", "username": "bot", "password": "p4ss w0rd $(x)"}' > "$work/creds.json"
if "$cli" plan registry-secret -n "$ns" --script "$work/creds.json" > "$work/registry.sh" && bash -se < "$work/registry.sh" > "$work/registry.out" 2>&1; then
  type=$(kubectl -n "$ns" get secret e2e-registry -o jsonpath='{.type}')
  config=$(kubectl -n "$ns" get secret e2e-registry -o jsonpath='{.data.\.dockerconfigjson}' | base64 -d)
  if [[ $type == kubernetes.io/dockerconfigjson ]] && printf '%s' "$config" | python3 -c 'import json,sys; a=json.load(sys.stdin)["auths"]["registry.example.com"]; assert a["username"]=="bot" and a["password"]=="p4ss w0rd $(x)"'; then
    ok "registry secret stored"
  else
    bad "registry secret: type $type"
  fi
  grep -q 'p4ss' "$work/registry.sh" "$work/registry.out" && bad "the registry password shows in the script or its output" || ok "the password shows neither in the script nor in its output"
else
  bad "plan registry-secret: $(tail -3 "$work/registry.out" 2>/dev/null)"
fi
kubectl delete namespace "$ns" --ignore-not-found --wait=false > /dev/null 2>&1

echo "e2e: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
