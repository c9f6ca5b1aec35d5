#!/usr/bin/env bash
# A compose stack end to end on the running test control plane (KUBECONFIG set by
# `controlplane.sh start`): the compose resource's command plans run for real (apply, status,
# stop, start, restart, delete), the controllers make the Deployment's, the StatefulSet's and the
# Job's pods, their statuses are patched the way a kubelet writes them, and `coolify-k8s status`
# judges what the status plan reads.
# Prints `e2e-compose: N passed, M failed`; exit 1 on any failure.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${COOLIFY_K8S_CACHE:-$HOME/.cache/coolify-k8s}
version=$(sed -n 's/^K8S_VERSION=\([^ ]*\).*/\1/p' "$here/controlplane.sh")
export PATH="$cache/controlplane/$version:$PATH"
cli=${COOLIFY_K8S_BIN:-${CARGO_TARGET_DIR:-$cache/target}/debug/coolify-k8s}
[[ -x $cli ]] || { echo "e2e-compose: $cli is not built (cargo build)"; exit 1; }
[[ -n ${KUBECONFIG:-} ]] || { echo "e2e-compose: KUBECONFIG is not set (controlplane.sh start)"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ns=coolify-e2e-compose
uuid=e2estack7
cat > "$work/context.yaml" <<YAML
uuid: $uuid
name: e2e-stack
namespace: $ns
variables:
  POSTGRES_PASSWORD: "s3cret"
files:
  ./init.sql: "create table if not exists t (id int);"
compose: |
  services:
    web:
      image: nginx:1.27-alpine
      expose: ["80"]
      depends_on:
        db:
          condition: service_healthy
        migrate:
          condition: service_completed_successfully
      configs:
        - source: site
          target: /etc/nginx/conf.d/site.conf
    db:
      image: postgres:16-alpine
      environment:
        POSTGRES_PASSWORD: \${POSTGRES_PASSWORD}
      healthcheck:
        test: ["CMD-SHELL", "pg_isready -U postgres"]
      expose: ["5432"]
      secrets:
        - init_sql
      volumes:
        - pg:/var/lib/postgresql/data
    migrate:
      image: postgres:16-alpine
      command: ["psql", "-h", "db", "-f", "/run/secrets/init_sql"]
      restart: "no"
  volumes:
    pg:
  secrets:
    init_sql:
      file: ./init.sql
  configs:
    site:
      content: "server { listen 80; }"
YAML

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "e2e-compose: ok   $*"; }
bad() { failed=$((failed + 1)); echo "e2e-compose: FAIL $*"; }
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
wait_for() { # SECONDS COMMAND...
  local deadline=$(( $(date +%s) + $1 ))
  shift
  until "$@" > /dev/null 2>&1; do
    (( $(date +%s) < deadline )) || return 1
    sleep 1
  done
}
pods_of() { kubectl -n "$ns" get pods -l "app.kubernetes.io/instance=$1-$uuid" -o jsonpath='{.items[*].metadata.name}'; }
has_pod() { [[ -n $(pods_of "$1") ]]; }
patch_pods() { # SERVICE STATUS_JSON — writes the pods' status as a kubelet would
  local p
  for p in $(pods_of "$1"); do
    kubectl -n "$ns" patch pod "$p" --subresource=status --type=merge -p "$2" > /dev/null || bad "patch $p"
  done
}
deployed=$(date -u +%s)
started=$(iso "$deployed")
run_plan() { # ACTION [options] — the plan's script on bash's stdin, as Coolify runs it
  local action=$1
  shift
  if "$cli" plan "$action" "$@" --compose --script "$work/context.yaml" > "$work/$action.sh" 2> "$work/$action.err" && bash -se < "$work/$action.sh" > "$work/$action.out" 2>&1; then
    ok "plan $action ran"
  else
    bad "plan $action: $(tail -3 "$work/$action.err" "$work/$action.out" 2>/dev/null)"
  fi
}
verdict() { # NOW_OFFSET EXPECTED_STATUS EXPECTED_REASON LABEL — what the status plan reads (two JSON documents)
  run_plan status > /dev/null
  cp "$work/status.out" "$work/observed.json"
  local out status reason
  out=$("$cli" status "$work/observed.json" --now "$(iso $((deployed + $1)))" --deployed-at "$(iso "$deployed")") || { bad "$4: status failed"; return; }
  status=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
  reason=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["reason"])')
  if [[ $status == "$2" && $reason == "$3" ]]; then ok "$4: $status ($reason)"; else bad "$4: got $status ($reason), want $2 ($3)"; printf '%s\n' "$out" | head -40; fi
}
running() { # CONTAINER
  printf '{"status":{"phase":"Running","conditions":[{"type":"PodScheduled","status":"True"},{"type":"Ready","status":"True"},{"type":"ContainersReady","status":"True"}],"containerStatuses":[{"name":"%s","image":"x","imageID":"","ready":true,"restartCount":0,"started":true,"state":{"running":{"startedAt":"%s"}}}]}}' "$1" "$started"
}

kubectl delete namespace "$ns" --ignore-not-found --wait=true > /dev/null 2>&1
kubectl create namespace "$ns" > /dev/null
run_plan apply
kubectl -n "$ns" get statefulset "db-$uuid" > /dev/null 2>&1 && ok "db is a StatefulSet" || bad "no StatefulSet db-$uuid"
job=$(kubectl -n "$ns" get jobs -l "app.kubernetes.io/instance=migrate-$uuid" -o jsonpath='{.items[0].metadata.name}')
[[ -n $job ]] && ok "migrate is a Job ($job)" || bad "no Job for migrate"
wait_for 60 has_pod web && ok "the Deployment controller made web's pod" || bad "no web pod"
wait_for 60 has_pod db && ok "the StatefulSet controller made db-$uuid-0" || bad "no db pod"
wait_for 60 has_pod migrate && ok "the Job controller made migrate's pod" || bad "no migrate pod"
verdict 30 "starting:unknown" "Starting" "right after the deploy"

patch_pods db "$(running db)"
patch_pods web "$(running web)"
patch_pods migrate "{\"status\":{\"phase\":\"Succeeded\",\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"True\"},{\"type\":\"Ready\",\"status\":\"False\"}],\"containerStatuses\":[{\"name\":\"migrate\",\"image\":\"x\",\"imageID\":\"\",\"ready\":false,\"restartCount\":0,\"started\":false,\"state\":{\"terminated\":{\"exitCode\":0,\"reason\":\"Completed\",\"startedAt\":\"$started\",\"finishedAt\":\"$started\"}}}]}}"
wait_for 60 bash -c "kubectl -n $ns get job $job -o jsonpath='{.status.conditions[?(@.type==\"Complete\")].status}' | grep -q True" && ok "the Job controller marked the Job Complete" || bad "the Job never completed"
wait_for 30 bash -c "kubectl -n $ns get statefulset db-$uuid -o jsonpath='{.status.readyReplicas}' | grep -q 1" || bad "the StatefulSet never counted its ready pod"
verdict 60 "running:unknown" "Serving" "every service ready (web has no health check), the one-shot Job completed"

patch_pods db "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"},{\"type\":\"ContainersReady\",\"status\":\"False\"}],\"containerStatuses\":[{\"name\":\"db\",\"image\":\"x\",\"imageID\":\"\",\"ready\":false,\"restartCount\":5,\"started\":false,\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":\"back-off 2m40s restarting failed container\"}}}]}}"
verdict 600 "degraded:unhealthy" "CrashLoopBackOff" "the StatefulSet's pod crash-loops"

run_plan stop
wait_for 30 bash -c "[ \"\$(kubectl -n $ns get statefulset db-$uuid -o jsonpath='{.spec.replicas}')\" = 0 ] && [ \"\$(kubectl -n $ns get deployment web-$uuid -o jsonpath='{.spec.replicas}')\" = 0 ]" && ok "stop scaled the Deployment and the StatefulSet to 0" || bad "stop left replicas"
verdict 600 "exited:unhealthy" "Stopped" "stopped"
run_plan start
wait_for 30 bash -c "[ \"\$(kubectl -n $ns get statefulset db-$uuid -o jsonpath='{.spec.replicas}')\" = 1 ]" && ok "start scaled them back" || bad "start did not scale back"
run_plan restart
wait_for 30 bash -c "kubectl -n $ns get statefulset db-$uuid -o jsonpath='{.spec.template.metadata.annotations}' | grep -q restartedAt" && ok "restart restarted the StatefulSet's pods" || bad "restart did not touch the StatefulSet"
run_plan scale --service web --replicas 2
wait_for 30 bash -c "[ \"\$(kubectl -n $ns get deployment web-$uuid -o jsonpath='{.spec.replicas}')\" = 2 ] && [ \"\$(kubectl -n $ns get statefulset db-$uuid -o jsonpath='{.spec.replicas}')\" = 1 ]" && ok "scale --service web scaled web only" || bad "scale --service did not scale web alone"
run_plan delete
wait_for 30 bash -c "[ -z \"\$(kubectl -n $ns get deployments,statefulsets,jobs,services,secrets,configmaps -l coolify.serviceId=$uuid -o name)\" ]" && ok "delete removed the stack's objects" || bad "objects left after delete: $(kubectl -n $ns get deployments,statefulsets,jobs,services,secrets,configmaps -l coolify.serviceId=$uuid -o name | tr '\n' ' ')"
kubectl -n "$ns" get pvc "$uuid-pg" > /dev/null 2>&1 && ok "delete kept the claim (data is deleted only on request)" || bad "delete removed the claim"

kubectl delete namespace "$ns" --ignore-not-found --wait=false > /dev/null 2>&1
echo "e2e-compose: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
