#!/usr/bin/env bash
# Runs every test suite of coolify-k8s, installing what is missing (Debian packages, a Python
# venv, npm packages, Go modules). Caches live outside the clone so reruns are fast:
#   CARGO_TARGET_DIR   (default ~/.cache/coolify-k8s/target)
#   COOLIFY_K8S_CACHE  (default ~/.cache/coolify-k8s): venvs, Go build cache, control plane
# Usage: scripts/test-all.sh [suite ...]   suites: rust yaml schema controlplane python node php
set -uo pipefail
cd "$(dirname "$0")/.."
export COOLIFY_K8S_CACHE="${COOLIFY_K8S_CACHE:-$HOME/.cache/coolify-k8s}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$COOLIFY_K8S_CACHE/target}"
export CARGO_TERM_COLOR=never
mkdir -p "$COOLIFY_K8S_CACHE"

all=(rust yaml schema controlplane python node php)
suites=("${@:-${all[@]}}")
passed=0
failed=0
failures=()

suite_rust() {
  cargo build --locked --bins &&
  cargo test --locked --workspace --exclude coolify-k8s-python --exclude coolify-k8s-node --exclude coolify_k8s &&
  # Benchmarks are compiled, not run: they report times, tests never assert them.
  cargo bench --locked -p coolify-k8s-core --no-run
}
suite_yaml() { bash tests/yamlcheck/run.sh tests/vectors/render && bash tests/yamlcheck/run.sh tests/vectors/compose; }
suite_schema() { bash tests/schema/check.sh; }
suite_controlplane() { bash tests/controlplane/run-tests.sh; }
suite_python() { bash bindings-python/test.sh; }
suite_node() { bash bindings-node/test.sh; }
suite_php() { bash bindings-php/test.sh; }

for s in "${suites[@]}"; do
  echo "=== suite: $s"
  start=$(date +%s)
  if "suite_$s"; then
    passed=$((passed + 1))
    echo "=== suite $s: ok ($(( $(date +%s) - start )) s)"
  else
    failed=$((failed + 1))
    failures+=("$s")
    echo "=== suite $s: FAILED ($(( $(date +%s) - start )) s)"
  fi
done
[ "$failed" -eq 0 ] || echo "failed suites: ${failures[*]}"
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
