#!/bin/bash
# A stub for kubectl, curl, sh and the K3s uninstall scripts in the plan safety tests
# (core/tests/plan_safety.rs): records its argv (NUL-separated), its stdin and the K3s
# variables under $STUB_LOG/<n>.*, where <n> is the first free sequence number (taken with
# `set -C`, builtins only). kubectl prints a pod name (none with STUB_NO_POD), curl a stand-in
# install script; a call whose arguments contain $STUB_FAIL exits 1.
log="$STUB_LOG"
n=1
until { set -C; : > "$log/$n.seq"; } 2>/dev/null; do n=$((n + 1)); done
set +C
prog=${0##*/}
printf '%s\0' "$prog" "$@" > "$log/$n.argv"
/bin/cat > "$log/$n.stdin"
for v in INSTALL_K3S_VERSION INSTALL_K3S_CHANNEL INSTALL_K3S_BIN_DIR K3S_URL K3S_TOKEN; do
  if [ -n "${!v+x}" ]; then printf '%s=%s\0' "$v" "${!v}"; fi
done > "$log/$n.env"
case "$prog" in
  kubectl) if [ -z "$STUB_NO_POD" ]; then printf 'stub-pod\n'; fi ;;
  curl) printf '#!/bin/sh\necho "stub K3s installer"\n' ;;
esac
if [ -n "$STUB_FAIL" ]; then
  case " $* " in *"$STUB_FAIL"*) exit 1 ;; esac
fi
exit 0
