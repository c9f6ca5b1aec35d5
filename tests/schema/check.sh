#!/usr/bin/env bash
# Checks every rendered vector against the Kubernetes 1.33 OpenAPI schema with the PyPI package
# kubernetes-validate (the official schemas; --strict rejects unknown fields).
#
#   tests/schema/check.sh               every tests/vectors/**/expected.yaml
#   tests/schema/check.sh FILE|DIR ...  the given files, or the expected.yaml files under DIRs
#
# The tool lives in a venv outside the clone, created on first use:
#   ${COOLIFY_K8S_CACHE:-$HOME/.cache/coolify-k8s}/venv-schema
#
# Counts are per resource (YAML document); a file the tool cannot read counts as one failure.
# kubernetes-validate has no schema for custom resources (Traefik Middleware, Gateway API
# HTTPRoute, cert-manager ...): it warns and checks nothing. Those are counted as "not checked
# here" and do not fail; their CRD manifests are in tests/crds/ and the control-plane suite
# checks them for real.
#
# The last line is exactly `schema: N passed, M failed`; the exit status is non-zero when M > 0.
set -uo pipefail

KUBERNETES_VERSION=1.33.0
TOOL_VERSION=1.37.0 # kubernetes-validate release; it bundles the schemas of 1.33 among others
cd "$(dirname "$0")/../.."

cache="${COOLIFY_K8S_CACHE:-$HOME/.cache/coolify-k8s}"
venv="$cache/venv-schema"
tool="$venv/bin/kubernetes-validate"

ensure_tool() {
  if [ -x "$tool" ] && "$venv/bin/python" -m pip show kubernetes-validate 2>/dev/null | grep -qx "Version: $TOOL_VERSION"; then
    return 0
  fi
  mkdir -p "$cache"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" || { echo "schema: cannot create the venv $venv (is python3-venv installed?)"; return 1; }
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "kubernetes-validate==$TOOL_VERSION" ||
    { echo "schema: cannot install kubernetes-validate==$TOOL_VERSION from PyPI"; return 1; }
}

if ! ensure_tool; then
  echo "schema: 0 passed, 1 failed"
  exit 1
fi

files=()
if [ "$#" -eq 0 ]; then
  set -- tests/vectors
fi
for arg in "$@"; do
  if [ -d "$arg" ]; then
    while IFS= read -r f; do files+=("$f"); done < <(find "$arg" -name expected.yaml -type f | LC_ALL=C sort)
  else
    files+=("$arg")
  fi
done

passed=0
failed=0
unchecked=0
unchecked_kinds=()
for f in "${files[@]}"; do
  out="$("$tool" --strict -k "$KUBERNETES_VERSION" "$f" 2>&1)"
  rc=$?
  errors=0
  while IFS= read -r line; do
    case "$line" in
      "INFO "*" passed for resource "*) passed=$((passed + 1)) ;;
      "ERROR "*)
        errors=$((errors + 1))
        echo "$line"
        ;;
      "WARN "*"Couldn't find schema for kind "*)
        unchecked=$((unchecked + 1))
        kind="${line#*for kind }"
        unchecked_kinds+=("${kind%% for kubernetes version*}")
        ;;
      "WARN "*) echo "$line" ;;
    esac
  done <<<"$out"
  if [ "$errors" -gt 0 ]; then
    failed=$((failed + errors))
  elif [ "$rc" -ne 0 ]; then
    # The tool stopped before reporting per resource (unreadable file, YAML syntax error).
    failed=$((failed + 1))
    echo "FAIL $f: $out"
  fi
done

if [ "${#files[@]}" -eq 0 ]; then
  echo "schema: no expected.yaml files to check"
fi
if [ "$unchecked" -gt 0 ]; then
  kinds="$(printf '%s\n' "${unchecked_kinds[@]}" | LC_ALL=C sort -u | paste -sd ';' - | sed 's/;/; /g')"
  echo "schema: $unchecked custom resource(s) not checked here (no schema in kubernetes-validate; see tests/crds/): $kinds"
fi
echo "schema: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
