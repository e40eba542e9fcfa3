#!/usr/bin/env bash
# Installs what the uml-vcan rig needs on a Debian host without kernel CAN: Debian's user-mode Linux kernel
# (with the can, can-raw, can-dev and vcan modules), kmod (insmod) and iproute2 (ip link … type vcan).
# Idempotent and fast when everything is already there. Needs root (apt-get).
set -euo pipefail

need=()
command -v linux.uml >/dev/null 2>&1 || [ -x /usr/bin/linux.uml ] || need+=(user-mode-linux)
command -v insmod >/dev/null 2>&1 || [ -x /usr/sbin/insmod ] || need+=(kmod)
command -v ip >/dev/null 2>&1 || [ -x /usr/sbin/ip ] || need+=(iproute2)
if [ "${#need[@]}" -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "uml-vcan: missing ${need[*]} and not root; install them with: apt-get install -y ${need[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "uml-vcan: installing ${need[*]}" >&2
if ! apt-get install -y --no-install-recommends "${need[@]}" >&2; then
  # A fresh machine may have no package lists yet: refresh once and retry.
  apt-get update >&2
  apt-get install -y --no-install-recommends "${need[@]}" >&2
fi
