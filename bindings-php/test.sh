#!/usr/bin/env bash
# Builds the coolify_k8s PHP extension from scratch and tests it with the composer library:
# installs the Debian packages when PHP, phpize, libclang, composer or PHPUnit are missing, builds
# the extension with cargo (release, plus a test-probes build), runs `composer validate` and
# `composer install` for the library, builds the extension once more through the PIE source path
# (phpize/configure/make/make install), reports the benchmark, and runs PHPUnit, whose closing
# line is the result. Exits non-zero on any failure.
#
#   CARGO_TARGET_DIR   cargo's build cache (default ~/.cache/coolify-k8s/target)
#   COOLIFY_K8S_CACHE  where the built extensions are copied (default ~/.cache/coolify-k8s)
#   SKIP_BENCH=1       leave out the benchmark
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${COOLIFY_K8S_CACHE:-$HOME/.cache/coolify-k8s}/php"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/coolify-k8s/target}"
export COMPOSER_ALLOW_SUPERUSER=1 COMPOSER_NO_INTERACTION=1

need_apt=()
command -v php >/dev/null || need_apt+=(php8.2-cli)
command -v phpize >/dev/null && command -v php-config >/dev/null || need_apt+=(php8.2-dev)
ls /usr/lib/llvm-*/lib/libclang*.so* >/dev/null 2>&1 || need_apt+=(libclang-dev clang)
command -v composer >/dev/null || need_apt+=(composer)
command -v phpunit >/dev/null || need_apt+=(phpunit)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "== apt-get install ${need_apt[*]}"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        php8.2-cli php8.2-dev libclang-dev clang composer phpunit >/dev/null
fi
php --version | head -1

# The php and php-config ext-php-rs builds against, as full paths, the same for every build here
# (pie/config.m4 passes these too): a change would make cargo rebuild ext-php-rs.
export PHP_CONFIG="$(command -v php-config)"
export PHP="$("$PHP_CONFIG" --php-binary)"

mkdir -p "$cache"
echo "== cargo build --release -p coolify_k8s"
cargo build --release --locked --manifest-path "$here/Cargo.toml" -p coolify_k8s
# Copied at once: another build of the workspace may overwrite target/*/libcoolify_k8s.so.
ext="$cache/coolify_k8s.so"
cp "$CARGO_TARGET_DIR/release/libcoolify_k8s.so" "$ext"

echo "== cargo build -p coolify_k8s --features test-probes (debug)"
cargo build --locked --manifest-path "$here/Cargo.toml" -p coolify_k8s --features test-probes
probes="$cache/coolify_k8s-probes.so"
cp "$CARGO_TARGET_DIR/debug/libcoolify_k8s.so" "$probes"

php -d extension="$ext" -m | grep -x coolify_k8s >/dev/null || { echo "php -m does not list coolify_k8s" >&2; exit 1; }

cd "$here"
echo "== composer validate (library)"
composer validate --strict
echo "== composer install (library)"
php -d extension="$ext" "$(command -v composer)" install --no-progress

echo "== PIE source build path: phpize && ./configure && make && make install (pie/config.m4)"
pie_root="$(mktemp -d)"
pie_clean() {
    # Back to the two tracked files, whatever step failed.
    find "$here/pie" -mindepth 1 ! -name config.m4 ! -name composer.json -exec rm -rf {} +
    rm -rf "$pie_root"
}
trap pie_clean EXIT
(
    cd "$here/pie"
    phpize >/dev/null 2>&1
    ./configure --enable-coolify_k8s >/dev/null
    make >/dev/null
    make install INSTALL_ROOT="$pie_root" >/dev/null
)
pie_so="$(find "$pie_root" -name coolify_k8s.so)"
[ -n "$pie_so" ] || { echo "make install did not install coolify_k8s.so" >&2; exit 1; }
php -d extension="$pie_so" -m | grep -x coolify_k8s >/dev/null || { echo "the PIE build path's coolify_k8s.so does not load" >&2; exit 1; }
echo "installed: ${pie_so#"$pie_root"} (loads; php -m lists coolify_k8s)"
pie_clean
trap - EXIT

if [ "${SKIP_BENCH:-}" != 1 ]; then
    echo "== benchmark (per call, from a PHP array and from text)"
    php -d extension="$ext" tools/bench.php
fi

echo "== phpunit"
COOLIFY_K8S_PROBES_EXT="$probes" php -d extension="$ext" "$(command -v phpunit)" "$@"
