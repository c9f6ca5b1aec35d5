#!/usr/bin/env bash
# Refreshes the CRD manifests kept in this directory from the projects' own Go
# modules (the Go module proxy serves them by name). The copies are committed as
# data; this script only has to run when a version below changes.
set -euo pipefail

GATEWAY_API_VERSION=v1.6.3
TRAEFIK_VERSION=v3.7.13
CERT_MANAGER_VERSION=v1.21.2

here=$(cd "$(dirname "$0")" && pwd)
cache=${COOLIFY_K8S_CACHE:-$HOME/.cache/coolify-k8s}
export GOTOOLCHAIN=local GOFLAGS=-modcacherw
export GOMODCACHE=${GOMODCACHE:-$cache/go/mod}

moddir() { # MODULE@VERSION -> directory of the extracted module
	(cd /tmp && go mod download -json "$1") | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}

gw=$(moddir "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION")
tr=$(moddir "github.com/traefik/traefik/v3@$TRAEFIK_VERSION")
cm=$(moddir "github.com/cert-manager/cert-manager@$CERT_MANAGER_VERSION")

rm -rf "$here/gateway-api" "$here/traefik" "$here/cert-manager"
mkdir -p "$here/gateway-api" "$here/traefik" "$here/cert-manager"
# Gateway API standard channel: the CRDs only (not the bundle's admission policy).
cp "$gw"/config/crd/standard/gateway.networking.k8s.io_*.yaml "$here/gateway-api/"
rm -f "$here"/gateway-api/*vap*
cp "$tr"/docs/content/reference/dynamic-configuration/traefik.io_*.yaml "$here/traefik/"
for k in certificates certificaterequests issuers clusterissuers; do
	cp "$cm/deploy/crds/cert-manager.io_$k.yaml" "$here/cert-manager/"
done
chmod 644 "$here"/*/*.yaml

cat >"$here/VERSIONS" <<EOF
sigs.k8s.io/gateway-api $GATEWAY_API_VERSION config/crd/standard
github.com/traefik/traefik/v3 $TRAEFIK_VERSION docs/content/reference/dynamic-configuration
github.com/cert-manager/cert-manager $CERT_MANAGER_VERSION deploy/crds
EOF
files=("$here"/*/*.yaml)
echo "crds: ${#files[@]} files refreshed"
