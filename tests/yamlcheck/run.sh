#!/usr/bin/env bash
# Builds yamlcheck (cached outside the repository) and runs it on the rendered
# vectors and the tricky strings.
#
#   tests/yamlcheck/run.sh [VECTORS_DIR]     default: tests/vectors/render
#
# COOLIFY_K8S_CACHE (default ~/.cache/coolify-k8s) holds the binary and the Go
# caches; GOMODCACHE and GOCACHE override the latter.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
vectors=${1:-$(cd "$here/.." && pwd)/vectors/render}
cache=${COOLIFY_K8S_CACHE:-$HOME/.cache/coolify-k8s}
export GOTOOLCHAIN=local GOFLAGS="-modcacherw -buildvcs=false -mod=readonly" CGO_ENABLED=0
export GOMODCACHE=${GOMODCACHE:-$cache/go/mod}
export GOCACHE=${GOCACHE:-$cache/go/build}

command -v go >/dev/null || {
	echo "yamlcheck: go is required" >&2
	exit 1
}
bin=$cache/yamlcheck/yamlcheck
(cd "$here" && nice -n 10 go build -trimpath -o "$bin" .)
exec "$bin" -tricky "$here/tricky-strings.txt" "$vectors"
