#!/usr/bin/env bash
# Builds the Python package from scratch and tests it: a venv outside the repository,
# `pip install ./bindings-python` (maturin as the PEP 517 backend), pytest over the shared test
# vectors, and mypy --strict on the usage example. Exits non-zero on any failure.
#
#   COOLIFY_K8S_CACHE  where the venv lives (default ~/.cache/coolify-k8s)
#   CARGO_TARGET_DIR   cargo's build cache (default ~/.cache/coolify-k8s/target)
#   PYTHON             the interpreter the venv is created with (default python3, >= 3.9)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${COOLIFY_K8S_CACHE:-$HOME/.cache/coolify-k8s}"
venv="$cache/venv-python"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/coolify-k8s/target}"
export MYPY_CACHE_DIR="$cache/mypy-cache"   # mypy and stubtest keep their cache out of the tree

if [ ! -x "$venv/bin/python" ]; then
    mkdir -p "$cache"
    "${PYTHON:-python3}" -m venv "$venv"
fi
py="$venv/bin/python"

echo "== pip install ./bindings-python (maturin, release build)"
# test-probes adds _panic_probe() and _core_seconds() for the tests and bench.py (see README).
MATURIN_PEP517_ARGS="--features test-probes" "$py" -m pip install --quiet --force-reinstall --no-deps "$here"
"$py" -m pip install --quiet "pytest>=8" "mypy>=1.10"

echo "== mypy --strict examples/usage.py"
(cd "$here/examples" && "$py" -m mypy --strict usage.py)

echo "== pytest"
cd "$here"
"$py" -m pytest -p no:cacheprovider tests "$@"
