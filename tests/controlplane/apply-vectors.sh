#!/usr/bin/env bash
# Applies every rendered vector (VECTORS_DIR/*/expected.yaml) to the running test
# control plane with a server-side dry run, then really creates and deletes the
# first few (alphabetically) that passed it. Checks all, reports every failure with
# the server's message, and exits non-zero if any failed.
#
#   tests/controlplane/apply-vectors.sh [VECTORS_DIR]   default: tests/vectors/render
#
# Start the control plane first: tests/controlplane/controlplane.sh start
set -uo pipefail

REAL_APPLY=3 # how many vectors are really created

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
vectors=${1:-$(cd "$here/.." && pwd)/vectors/render}
cp="$here/controlplane.sh"
k() { "$cp" kubectl "$@"; }

if ! "$cp" env >/dev/null; then
	echo "controlplane: start the control plane first: $cp start" >&2
	exit 1
fi

shopt -s nullglob
files=("$vectors"/*/expected.yaml)
shopt -u nullglob
passed=0 failed=0 real=()

indent() { sed 's/^/    /'; }

ensure_namespaces() { # FILE: create the namespaces its objects live in
	local ns
	# A client-side dry run fills in each namespaced object's namespace.
	for ns in $(k create --dry-run=client --validate=false \
		-o 'jsonpath={.metadata.namespace}{"\n"}' -f "$1" 2>/dev/null | sort -u); do
		k get namespace "$ns" >/dev/null 2>&1 || k create namespace "$ns" >/dev/null
	done
}

report() { # NAME WHAT OUTPUT RC
	if [[ $4 == 0 ]]; then
		passed=$((passed + 1))
		if grep -q '^Warning:' <<<"$3"; then
			echo "WARN $1 ($2):"
			grep '^Warning:' <<<"$3" | indent
		fi
	else
		failed=$((failed + 1))
		echo "FAIL $1 ($2):"
		indent <<<"$3"
	fi
}

for f in "${files[@]}"; do
	name=$(basename "$(dirname "$f")")
	ensure_namespaces "$f"
	out=$(k apply --server-side --field-manager=coolify --dry-run=server -f "$f" 2>&1)
	rc=$?
	report "$name" "server-side dry run" "$out" $rc
	[[ $rc == 0 && ${#real[@]} -lt $REAL_APPLY ]] && real+=("$f")
done

for f in "${real[@]}"; do
	name=$(basename "$(dirname "$f")")
	ensure_namespaces "$f"
	out=$(k apply --server-side --field-manager=coolify -f "$f" 2>&1)
	rc=$?
	if [[ $rc == 0 ]]; then
		# Deleting waits for the objects to be gone (the controller manager's
		# garbage collector removes what they own).
		del=$(k delete --ignore-not-found --wait=true --timeout=120s -f "$f" 2>&1)
		rc=$?
		out+=$'\n'"$del"
	fi
	report "$name" "created and deleted" "$out" $rc
done

echo "controlplane: ${#files[@]} vector(s) under $vectors checked with a server-side dry run, ${#real[@]} created and deleted"
echo "controlplane: $passed passed, $failed failed"
[[ $failed == 0 ]]
