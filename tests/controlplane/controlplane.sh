#!/usr/bin/env bash
# A real Kubernetes v1.33 control plane for the test suite: etcd, kube-apiserver and
# kube-controller-manager built from source with Go (plus a kubectl of the same
# release), run on 127.0.0.1 only.
#
#   controlplane.sh build   build the binaries once into the cache (no-op when built)
#   controlplane.sh start   build if needed, start everything, install the CRDs in
#                           tests/crds, print `export KUBECONFIG=...` (idempotent)
#   controlplane.sh stop    stop what start started and remove its state
#   controlplane.sh env     print `export KUBECONFIG=...` of the running control plane
#   controlplane.sh kubectl ARGS...
#                           run the built kubectl (same release) against it
#
# Environment: COOLIFY_K8S_CACHE (default ~/.cache/coolify-k8s) holds the binaries
# (controlplane/<version>/) and the Go module and build caches (go/); GOMODCACHE and
# GOCACHE override the latter. COOLIFY_K8S_CONTROLPLANE_STATE (default
# ${TMPDIR:-/tmp}/coolify-k8s-controlplane) holds the running instance: data, keys,
# token, kubeconfig, logs. Progress goes to stderr; stdout carries only the export line.
set -euo pipefail

K8S_VERSION=v1.33.13 # keep in step with go.mod

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
crds=$(cd "$here/../crds" && pwd)
cache=${COOLIFY_K8S_CACHE:-$HOME/.cache/coolify-k8s}
bindir=$cache/controlplane/$K8S_VERSION
state=${COOLIFY_K8S_CONTROLPLANE_STATE:-${TMPDIR:-/tmp}/coolify-k8s-controlplane}
binaries=(etcd kube-apiserver kube-controller-manager kubectl)

say() { echo "controlplane: $*" >&2; }
die() {
	say "error: $*"
	exit 1
}

# ---------------------------------------------------------------- build

BUILD_TAGS=providerless
CGO=0 # static binaries, as upstream releases them; no C toolchain needed

source_stamp() {
	(cd "$here" && cat go.mod go.sum cmd/*/main.go && echo "$K8S_VERSION $BUILD_TAGS $CGO") |
		sha256sum | cut -c1-16
}

is_built() {
	local b
	for b in "${binaries[@]}"; do [[ -x $bindir/$b ]] || return 1; done
	[[ -f $bindir/stamp && $(cat "$bindir/stamp") == "$(source_stamp)" ]]
}

cmd_build() {
	if is_built; then
		say "binaries up to date in $bindir"
		return 0
	fi
	command -v go >/dev/null || die "go is required to build the control plane"
	export GOTOOLCHAIN=local GOFLAGS="-modcacherw -buildvcs=false -mod=readonly" CGO_ENABLED=$CGO
	export GOMODCACHE=${GOMODCACHE:-$cache/go/mod}
	export GOCACHE=${GOCACHE:-$cache/go/build}
	local minor=${K8S_VERSION#v1.}
	minor=${minor%%.*}
	local ldflags="-s -w -checklinkname=0" pkg
	for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
		ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
		ldflags+=" -X $pkg.gitTreeState=clean"
	done
	say "building ${binaries[*]} $K8S_VERSION into $bindir (takes a while on a cold cache)"
	local start=$SECONDS tmp=$bindir.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp"
	if ! (cd "$here" && nice -n 10 go build -tags "$BUILD_TAGS" -trimpath -ldflags "$ldflags" -o "$tmp/" ./cmd/...); then
		rm -rf "$tmp"
		die "go build failed"
	fi
	source_stamp >"$tmp/stamp"
	rm -rf "$bindir"
	mv "$tmp" "$bindir"
	say "built in $((SECONDS - start))s"
}

# ---------------------------------------------------------------- helpers

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() { # VAR: set VAR to a port nothing on 127.0.0.1 listens on, not yet handed out
	local p i
	for ((i = 0; i < 200; i++)); do
		p=$((20000 + RANDOM % 12000)) # below the kernel's ephemeral range (32768-)
		[[ " $taken " == *" $p "* ]] && continue
		port_in_use "$p" && continue
		taken+=" $p"
		printf -v "$1" '%s' "$p"
		return 0
	done
	die "no free port found on 127.0.0.1"
}

pid_alive() { # PID NAME: the process is alive and is our binary
	[[ -n $1 ]] && kill -0 "$1" 2>/dev/null &&
		[[ $(readlink "/proc/$1/exe" 2>/dev/null) == "$bindir/$2"* ]]
}

kubectl_cp() { "$bindir/kubectl" --kubeconfig "$state/kubeconfig" "$@"; }

readyz() { kubectl_cp get --raw=/readyz --request-timeout=5s >/dev/null 2>&1; }

running() { # every recorded process alive and the API server ready
	[[ -f $state/pids ]] || return 1
	local name pid
	while read -r name pid; do
		pid_alive "$pid" "$name" || return 1
	done <"$state/pids"
	readyz
}

export_line() { echo "export KUBECONFIG=$state/kubeconfig"; }

show_log() {
	[[ -f $state/$1.log ]] || return 0
	say "last lines of $1.log:"
	tail -n 25 "$state/$1.log" >&2
}

launch() { # NAME ARGS...: start a binary in its own session, log to NAME.log
	local name=$1
	shift
	# Not holding the lock (fd 9): stop must be able to take it.
	setsid "$bindir/$name" "$@" >"$state/$name.log" 2>&1 </dev/null 9>&- &
	echo "$name $!" >>"$state/pids"
}

wait_for() { # SECONDS WHAT NAME COMMAND...: poll COMMAND until it succeeds
	local limit=$1 what=$2 name=$3 i
	shift 3
	for ((i = 0; i < limit * 4; i++)); do
		"$@" && return 0
		# Only "still alive": just after launch the process may not have exec'd yet.
		if ! kill -0 "$(awk -v n="$name" '$1 == n { print $2 }' "$state/pids")" 2>/dev/null; then
			show_log "$name"
			die "$name exited while waiting for $what"
		fi
		sleep 0.25
	done
	show_log "$name"
	die "timed out after ${limit}s waiting for $what"
}

ensure_openssl() {
	command -v openssl >/dev/null && return 0
	say "installing openssl (apt-get)"
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl; } >&2 ||
		die "openssl is required to generate the test certificates"
}

generate_credentials() {
	local d=$state/pki
	mkdir -p "$d"
	(
		cd "$d"
		openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 \
			-subj "/CN=coolify-k8s-test-ca" 2>/dev/null
		openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr \
			-subj "/CN=kube-apiserver" 2>/dev/null
		printf '%s\n' \
			"subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc" \
			"basicConstraints=CA:FALSE" "keyUsage=digitalSignature,keyEncipherment" \
			"extendedKeyUsage=serverAuth" >apiserver.ext
		openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
			-out apiserver.crt -days 30 -extfile apiserver.ext 2>/dev/null
		openssl genrsa -out sa.key 2048 2>/dev/null
		openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
		chmod 600 ./*.key
	)
	local token
	token=$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')
	# token,user,uid,"groups": one administrator for the tests and the controller manager.
	echo "$token,coolify-test-admin,coolify-test-admin,\"system:masters\"" >"$d/tokens.csv"
	chmod 600 "$d/tokens.csv"
	umask 077
	cat >"$state/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: coolify-k8s-test
  cluster:
    server: https://127.0.0.1:$apiserver_port
    certificate-authority: $d/ca.crt
users:
- name: coolify-test-admin
  user:
    token: $token
contexts:
- name: coolify-k8s-test
  context:
    cluster: coolify-k8s-test
    user: coolify-test-admin
    namespace: default
current-context: coolify-k8s-test
EOF
}

install_crds() {
	say "installing CRDs from tests/crds"
	local out
	if ! out=$(kubectl_cp apply --server-side --force-conflicts --field-manager=coolify-k8s-tests \
		-R -f "$crds" 2>&1); then
		echo "$out" >&2
		die "installing the CRDs failed"
	fi
	# A CRD's kind can be used once it is Established. (One list request per poll:
	# `kubectl wait` watches the CRDs one after the other, seconds in all.)
	local want
	want=$(cat "$crds"/*/*.yaml | grep -c '^kind: CustomResourceDefinition$')
	wait_for 60 "$want CRDs to be Established" kube-apiserver crds_established "$want"
}

crds_established() { # COUNT: at least COUNT CRDs are Established
	local n
	n=$(kubectl_cp get --raw /apis/apiextensions.k8s.io/v1/customresourcedefinitions |
		grep -o '"type":"Established","status":"True"' | wc -l) || true
	((n >= $1))
}

# ---------------------------------------------------------------- subcommands

cmd_start() {
	if running; then
		say "already running"
		export_line
		return 0
	fi
	[[ -e $state ]] && cmd_stop
	cmd_build
	ensure_openssl
	local t0=$SECONDS taken="" etcd_port etcd_peer apiserver_port
	free_port etcd_port
	free_port etcd_peer
	free_port apiserver_port
	mkdir -p "$state"
	chmod 700 "$state"
	: >"$state/pids"
	# A start that fails stops what it started and keeps the logs for a look.
	trap 'kill_recorded; say "logs kept in $state (removed by stop)"' EXIT
	generate_credentials
	local d=$state/pki

	launch etcd --name=coolify-k8s-test --data-dir="$state/etcd" \
		--listen-client-urls="http://127.0.0.1:$etcd_port" \
		--advertise-client-urls="http://127.0.0.1:$etcd_port" \
		--listen-peer-urls="http://127.0.0.1:$etcd_peer" \
		--initial-advertise-peer-urls="http://127.0.0.1:$etcd_peer" \
		--initial-cluster="coolify-k8s-test=http://127.0.0.1:$etcd_peer" \
		--unsafe-no-fsync --quota-backend-bytes=1073741824 --log-level=warn
	wait_for 30 "etcd on 127.0.0.1:$etcd_port" etcd port_in_use "$etcd_port"

	launch kube-apiserver \
		--bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$apiserver_port" \
		--etcd-servers="http://127.0.0.1:$etcd_port" \
		--tls-cert-file="$d/apiserver.crt" --tls-private-key-file="$d/apiserver.key" \
		--client-ca-file="$d/ca.crt" --token-auth-file="$d/tokens.csv" \
		--authorization-mode=RBAC --anonymous-auth=false \
		--service-account-issuer=https://kubernetes.default.svc.cluster.local \
		--service-account-key-file="$d/sa.pub" --service-account-signing-key-file="$d/sa.key" \
		--service-cluster-ip-range=10.96.0.0/16 --endpoint-reconciler-type=none \
		--allow-privileged=true --profiling=false --v=1
	wait_for 120 "kube-apiserver /readyz on 127.0.0.1:$apiserver_port" kube-apiserver readyz

	launch kube-controller-manager \
		--kubeconfig="$state/kubeconfig" --bind-address=127.0.0.1 --secure-port=0 \
		--leader-elect=false --use-service-account-credentials=false \
		--service-account-private-key-file="$d/sa.key" --root-ca-file="$d/ca.crt" \
		--cluster-name=coolify-k8s-test --profiling=false --v=1

	install_crds
	# The service account controller of kube-controller-manager creates "default" in
	# each namespace; pods cannot be created before it has.
	wait_for 60 "kube-controller-manager (default service account)" kube-controller-manager \
		default_service_account
	trap - EXIT
	say "ready in $((SECONDS - t0))s; kube-apiserver on https://127.0.0.1:$apiserver_port"
	export_line
}

default_service_account() {
	kubectl_cp get serviceaccount default -n default -o name >/dev/null 2>&1
}

kill_recorded() { # end the processes start recorded (only those), newest first
	[[ -f $state/pids ]] || return 0
	local name pid pids=() i p alive
	while read -r name pid; do
		pid_alive "$pid" "$name" && pids+=("$pid")
	done <"$state/pids"
	for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
	for ((i = 0; i < 40; i++)); do
		alive=0
		for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
		((alive)) || return 0
		sleep 0.25
	done
	for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
}

cmd_stop() {
	kill_recorded
	if [[ -e $state ]]; then
		rm -rf "$state"
		say "stopped"
	else
		say "not running"
	fi
}

cmd_env() {
	running || die "not running (start it with: $0 start)"
	export_line
}

lock() { # one start or stop at a time
	exec 9>"$state.lock"
	flock 9
}

case "${1:-}" in
build) cmd_build ;;
start) lock && cmd_start ;;
stop) lock && cmd_stop ;;
env) cmd_env ;;
kubectl)
	shift
	[[ -f $state/kubeconfig && -x $bindir/kubectl ]] || die "not running (start it with: $0 start)"
	exec "$bindir/kubectl" --kubeconfig "$state/kubeconfig" "$@"
	;;
*)
	echo "usage: $0 build|start|stop|env|kubectl ARGS..." >&2
	exit 2
	;;
esac
