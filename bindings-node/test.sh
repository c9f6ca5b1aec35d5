#!/usr/bin/env bash
# Everything the Node package needs, on a fresh machine with Node >= 20.17 and Rust:
# npm install (devDependencies, then the install script builds the addon with cargo),
# the Rust unit tests (panic → error), then node --test (vectors, errors, memory, generated
# index.d.ts/native.js, tsc --noEmit --strict on test/usage.ts). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/coolify-k8s/target}"

command -v node >/dev/null || { echo "node is required (>= 20.17)" >&2; exit 1; }
command -v cargo >/dev/null || { echo "cargo is required (https://rustup.rs)" >&2; exit 1; }

echo "== npm install (builds the addon with cargo)"
npm install --no-audit --no-fund --loglevel=error

echo "== cargo test (Rust unit tests of the binding)"
host="$(rustc -vV | sed -n 's/^host: //p')"
cargo test --release -p coolify-k8s-node --lib --target "$host"

echo "== node --test"
node --expose-gc --test test/*.test.js
