#!/bin/sh
# PID 1 inside user-mode Linux for the uml-vcan rig (see README.md beside this file).
# The host side (src/rig/can-env.ts) boots linux.uml with hostfs as root and passes on the kernel command line:
#   evc_run=<run dir>  (holds cmd.sh, and receives stdout, stderr, status, timing, console of setup)
#   evc_ifs=<comma-separated vcan interfaces>   evc_watchdog=<seconds before a forced halt>
#   evc_cache=<host dir kept across boots (tsx compile cache)>   evc_keep=<host dir under /tmp to keep visible>
# Everything the command needs (node, the repo) is visible through hostfs; /tmp is a fresh tmpfs.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN="${evc_run:?evc_run missing from the kernel command line}"
IFS_LIST="${evc_ifs:-vcan0,vcan1}"
WATCHDOG="${evc_watchdog:-60}"

stamp() { echo "$1 $(cut -d' ' -f1 /proc/uptime)" >> "$RUN/timing"; }
fail() { echo "uml-vcan init: $*" >> "$RUN/setup-error"; sync; halt -f; }

mount -t proc proc /proc || fail "mount proc"
mount -t sysfs sysfs /sys || fail "mount sysfs"
# evc_keep=<dir under /tmp>: the command's working directory lives under the host's /tmp (e.g. a fresh
# clone in a temp dir); keep it visible at the same path above the guest's own tmpfs.
if [ -n "$evc_keep" ]; then
  mount --bind "$evc_keep" /mnt 2>>"$RUN/setup-error" || fail "bind mount of $evc_keep"
fi
mount -t tmpfs -o mode=1777 tmpfs /tmp || fail "mount tmpfs on /tmp"
if [ -n "$evc_keep" ]; then
  mkdir -p "$evc_keep" && mount --bind /mnt "$evc_keep" 2>>"$RUN/setup-error" || fail "re-exposing $evc_keep under the guest's /tmp"
fi
mount -t tmpfs tmpfs /dev/shm 2>/dev/null
# tsx keeps its compile cache in $TMPDIR/tsx-<uid>: keep that one directory across boots (cold start ~2x slower).
if [ -n "$evc_cache" ] && mkdir -p "$evc_cache/tsx-0" /tmp/tsx-0; then
  mount --bind "$evc_cache/tsx-0" /tmp/tsx-0 2>>"$RUN/setup-error" || echo "uml-vcan init: no tsx cache (bind mount failed)" >> "$RUN/setup-error"
fi
stamp init

MOD="/usr/lib/uml/modules/$(uname -r)/kernel"
for m in net/can/can.ko net/can/can-raw.ko drivers/net/can/dev/can-dev.ko drivers/net/can/vcan.ko; do
  insmod "$MOD/$m" 2>>"$RUN/setup-error" || fail "insmod $MOD/$m failed"
done
# One ip process for every link operation (each process start costs tens of ms under UML).
{
  echo "link set lo up"
  for ifname in $(echo "$IFS_LIST" | tr ',' ' '); do
    echo "link add dev $ifname type vcan"
    echo "link set $ifname mtu 72"
    echo "link set up $ifname"
  done
} | ip -batch - 2>>"$RUN/setup-error" || fail "ip link setup of lo and $IFS_LIST (vcan, mtu 72 for CAN FD) failed"
stamp ready

# Guest-side watchdog: halts even if the host side died before it could kill us.
( sleep "$WATCHDOG"; echo "watchdog: halted after $WATCHDOG s" >> "$RUN/setup-error"; sync; halt -f ) &

EVC_CAN_ENV_INSIDE=uml /bin/sh "$RUN/cmd.sh" > "$RUN/stdout" 2> "$RUN/stderr" < /dev/null
echo $? > "$RUN/status"
stamp done
sync
halt -f
