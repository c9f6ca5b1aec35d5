dnl The coolify_k8s extension is a Rust crate (bindings-php/, one level up), built with cargo.
dnl This shim lets the classic `phpize && ./configure && make && make install` (what PIE runs for
dnl a source build) do that: `make` runs `cargo build --release` and puts coolify_k8s.so into
dnl modules/, `make install` copies it into PHP's extension directory.
dnl
dnl Needs cargo (Rust >= 1.89), libclang and a C compiler, besides phpize/php-config.
dnl CARGO_TARGET_DIR, when set in the environment, is where cargo builds (default: ./cargo-target).

PHP_ARG_ENABLE([coolify_k8s],
  [whether to enable coolify_k8s],
  [AS_HELP_STRING([--enable-coolify_k8s], [Build the coolify_k8s extension (with cargo)])],
  [yes])

if test "$PHP_COOLIFY_K8S" != "no"; then
  AC_PATH_PROG([CARGO], [cargo], [no])
  if test "$CARGO" = "no"; then
    AC_MSG_ERROR([cargo not found: coolify_k8s is written in Rust; install a Rust toolchain (https://rustup.rs)])
  fi

  dnl ext-php-rs's build script wants full paths to the php and php-config this build is for.
  COOLIFY_K8S_PHP_CONFIG=`command -v "$PHP_CONFIG"`
  COOLIFY_K8S_PHP=`"$COOLIFY_K8S_PHP_CONFIG" --php-binary`

  COOLIFY_K8S_CRATE=`cd "$abs_srcdir/.." && pwd`
  if test ! -f "$COOLIFY_K8S_CRATE/Cargo.toml"; then
    AC_MSG_ERROR([the coolify_k8s crate was not found at $COOLIFY_K8S_CRATE])
  fi
  AC_MSG_NOTICE([coolify_k8s: cargo builds $COOLIFY_K8S_CRATE/Cargo.toml])
  dnl No C sources (no PHP_NEW_EXTENSION): name the one build directory configure creates.
  PHP_ADD_BUILD_DIR([modules])

  cat >>Makefile.objects <<EOF

CARGO_TARGET_DIR ?= \$(builddir)/cargo-target
export CARGO_TARGET_DIR

all: coolify_k8s_cargo
build-modules: coolify_k8s_cargo
install: install-modules

coolify_k8s_cargo:
	PHP_CONFIG="$COOLIFY_K8S_PHP_CONFIG" PHP="$COOLIFY_K8S_PHP" "$CARGO" build --release --locked --manifest-path "$COOLIFY_K8S_CRATE/Cargo.toml" --package coolify_k8s
	mkdir -p \$(phplibdir)
	cp "\$(CARGO_TARGET_DIR)/release/libcoolify_k8s.so" \$(phplibdir)/coolify_k8s.so

.PHONY: coolify_k8s_cargo
EOF
fi
