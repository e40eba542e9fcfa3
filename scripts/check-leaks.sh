#!/usr/bin/env bash
# After a run nothing may be left behind. Checks, and exits 1 naming each leak:
#  - processes of ours: harness/cucumber/reference processes and user-mode Linux VMs whose working directory or
#    command line is under the project (EVC_LEAK_ROOT, default: this checkout);
#  - listening TCP/UDP sockets owned by such processes (ss -ltunp);
#  - UML run directories and a UML lock left in /var/tmp (evc-uml-*, not the boot cache evc-uml-cache);
#  - network namespaces named evc*; docker containers of ours (testcontainers' label, the container rigs' label
#    org.evc.rig, or named evc*) when a docker daemon answers; a private engine of scripts/ensure-docker.sh still
#    running or its temp dir left.
# Temp files: evc-*/tsx-* entries in the temp directory (${TMPDIR:-/tmp}: tsx's compile cache, test scratch)
# are listed; EVC_LEAKS_CLEAN_TMP=1 removes them (.ci/run, whose TMPDIR is private to the run);
# EVC_LEAKS_STRICT_TMP=1 makes a leftover evc-* entry a leak.
set -uo pipefail
root=$(cd "${EVC_LEAK_ROOT:-$(dirname "$0")/..}" && pwd -P)
tmp=${TMPDIR:-/tmp}
problems=0
leak() { echo "leak: $*"; problems=1; }

# this script and the processes that started it (a test runner, npm, CI) are not leaks
ancestors=" "
p=$$
while [ -n "$p" ] && [ "$p" != 0 ] && [ "$p" != 1 ]; do
  ancestors+="$p "
  p=$(awk '{print $4}' "/proc/$p/stat" 2>/dev/null)
done
# node or UML processes whose cwd or command line is under $root
ours() {
  local pid exe cmd cwd
  while read -r pid exe cmd; do
    [[ "$ancestors" == *" $pid "* ]] && continue
    case "${exe##*/}" in node|node[0-9]*|linux.uml|linux|vmlinux) ;; *) continue ;; esac
    cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || continue
    if [ "${cwd#"$root"}" != "$cwd" ] || [[ "$cmd" == *"$root/"* ]]; then echo "$pid"; fi
  done < <(ps -eo pid=,args= 2>/dev/null)
}
mapfile -t pids < <(ours)

for pid in "${pids[@]}"; do
  cmd=$(ps -o args= -p "$pid" 2>/dev/null | cut -c1-160)
  [ -n "$cmd" ] || continue
  case "$cmd" in
    *linux.uml*|*vmlinux*|linux\ *) leak "user-mode Linux VM still running: pid $pid: $cmd" ;;
    *) leak "process of ours still running: pid $pid: $cmd" ;;
  esac
done

if command -v ss >/dev/null 2>&1; then
  while read -r line; do
    for pid in "${pids[@]}"; do
      if [[ "$line" == *"pid=$pid,"* ]]; then leak "listening socket of ours: $(echo "$line" | awk '{print $1, $5}') held by pid $pid"; fi
    done
  done < <(ss -Hltunp 2>/dev/null)
else
  echo "leak check: ss not found, listening sockets not checked" >&2
fi

for d in /var/tmp/evc-uml-* /var/tmp/evc-uml.lock; do
  [ -e "$d" ] || continue
  [ "$d" = /var/tmp/evc-uml-cache ] && continue
  if [ "$d" = /var/tmp/evc-uml.lock ]; then
    owner=$(cat "$d/pid" 2>/dev/null || true)
    if [ -n "$owner" ] && kill -0 "$owner" 2>/dev/null; then continue; fi
    leak "UML lock left without a live owner: $d"
  elif ! pgrep -f "uml_dir=$d" >/dev/null 2>&1; then
    leak "UML run directory left: $d"
  fi
done

if command -v ip >/dev/null 2>&1; then
  while read -r ns _; do
    [ -n "$ns" ] && leak "network namespace left: $ns"
  done < <(ip netns list 2>/dev/null | grep -E '^evc' || true)
fi

if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  while read -r c; do
    [ -n "$c" ] && leak "docker container left: $c"
  done < <( { docker ps -a --filter label=org.testcontainers=true --format '{{.ID}} {{.Image}} {{.Names}}'; docker ps -a --filter label=org.evc.rig --format '{{.ID}} {{.Image}} {{.Names}}'; docker ps -a --filter name=evc --format '{{.ID}} {{.Image}} {{.Names}}'; } 2>/dev/null | sort -u)
fi

# private engines of scripts/ensure-docker.sh (a temp dir with its marker): one still running, or its dir left
for d in "$tmp"/evc-docker.*; do
  [ -f "$d/evc-docker" ] || continue
  pid=$(cat "$d/pid" "$d/launched.pid" 2>/dev/null | head -n 1)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then leak "private docker engine still running: pid $pid, $d (scripts/ensure-docker.sh stop $d)"
  else leak "private docker engine dir left: $d (scripts/ensure-docker.sh stop $d)"; fi
  # its containers, volumes and networks go with it; listed so the leak says what was there
  if [ -S "$d/docker.sock" ] && command -v docker >/dev/null 2>&1; then
    DOCKER_HOST="unix://$d/docker.sock" timeout 10 docker ps -a --format '  container {{.Names}} ({{.Status}})' 2>/dev/null
    DOCKER_HOST="unix://$d/docker.sock" timeout 10 docker volume ls -q 2>/dev/null | sed 's/^/  volume /'
  fi
done

left=()
for e in "$tmp"/evc-* "$tmp"/tsx-"$(id -u)"; do [ -e "$e" ] && left+=("$e"); done
if [ "${#left[@]}" -gt 0 ]; then
  echo "temp: ${#left[@]} evc-*/tsx-* entr(y/ies) in $tmp: $(printf '%s\n' "${left[@]##*/}" | sed -E 's/[-.][A-Za-z0-9]{6}$/-*/' | sort | uniq -c | awk '{printf "%s%s×%s", sep, $2, $1; sep=", "}')"
  if [ "${EVC_LEAKS_STRICT_TMP:-0}" = 1 ]; then
    for e in "${left[@]}"; do [[ "${e##*/}" == evc-* ]] && leak "temp entry left: $e"; done
  fi
  if [ "${EVC_LEAKS_CLEAN_TMP:-0}" = 1 ]; then rm -rf -- "${left[@]}" && echo "temp: removed"; fi
fi

if [ "$problems" = 0 ]; then echo "no leaks: no processes, VMs, listening sockets, UML run dirs, namespaces, containers or private engines of ours left (root $root)"; fi
exit "$problems"
