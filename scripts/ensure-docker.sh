#!/usr/bin/env bash
# A container engine for the container rigs (kind: container), without touching the machine's own docker:
#
#   eval "$(scripts/ensure-docker.sh start)"   prints DOCKER_HOST=… and EVC_DOCKER_DIR=… (shell assignments)
#   scripts/ensure-docker.sh stop [DIR]        stops that engine (DIR default: $EVC_DOCKER_DIR), removes its temp dirs
#
# start: when DOCKER_HOST (or the default socket) already answers, that engine is used as it is and `stop`
# will leave it alone (EVC_DOCKER_DIR is then empty). Otherwise, as root: installs Debian's docker engine if
# dockerd is missing (apt-get install docker.io), then starts a private dockerd whose data root, exec root,
# pid file and socket all live in a fresh temp dir, with --bridge=none --iptables=false (no firewall change:
# containers use host networking). Waits (bounded) until it answers.
#
# When no engine can be started the exit status is 3 and the one line on stderr says why
# (`evc: no container engine: …`): callers skip the container scenarios naming that reason, never pass them.
# Other failures exit 1.
set -uo pipefail

die_no_engine() { echo "evc: no container engine: $*" >&2; exit 3; }
say() { echo "ensure-docker: $*" >&2; }

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

stop_engine() {
  local dir=${1:-${EVC_DOCKER_DIR:-}}
  [ -n "$dir" ] || { say "no private engine to stop (EVC_DOCKER_DIR empty: an existing engine was used)"; return 0; }
  [ -f "$dir/evc-docker" ] || { echo "ensure-docker: $dir is not a private engine dir of ours (no evc-docker marker): not touched" >&2; return 1; }
  local pid
  pid=$(cat "$dir/pid" "$dir/launched.pid" 2>/dev/null | head -n 1)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    # containers of ours first (testcontainers' label): the engine would otherwise restore nothing, but say so
    DOCKER_HOST="unix://$dir/docker.sock" timeout 30 docker ps -aq 2>/dev/null | xargs -r env DOCKER_HOST="unix://$dir/docker.sock" timeout 60 docker rm -f >/dev/null 2>&1
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { say "dockerd $pid did not stop within 30 s: killed"; kill -KILL "$pid" 2>/dev/null; sleep 0.5; }
  fi
  # containerd shims and the containerd dockerd started, if any survived
  for p in $(pgrep -f -- "$dir/" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
  # mounts under the data root (overlay layers, netns) must go before the directory can be removed
  grep -F " $dir/" /proc/mounts 2>/dev/null | awk '{print $2}' | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
  rm -rf -- "$dir"
  [ -e "$dir" ] && { echo "ensure-docker: could not remove $dir" >&2; return 1; }
  say "stopped the private engine and removed $dir"
}

start_engine() {
  if engine_answers; then
    say "using the engine at ${DOCKER_HOST:-the default socket} (already running; stop leaves it alone)"
    echo "DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock}"
    echo "EVC_DOCKER_DIR="
    return 0
  fi
  [ "$(id -u)" = 0 ] || die_no_engine "none answers at ${DOCKER_HOST:-the default socket}, and starting a private one needs root (uid $(id -u))"
  if ! command -v dockerd >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || die_no_engine "dockerd is not installed and there is no apt-get to install Debian's docker.io"
    say "installing Debian's docker engine (apt-get install docker.io)"
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -q docker.io >&2 \
      || die_no_engine "apt-get install docker.io failed (see above)"
    command -v dockerd >/dev/null 2>&1 || die_no_engine "docker.io installed but no dockerd on PATH"
  fi
  command -v docker >/dev/null 2>&1 || die_no_engine "no docker client on PATH"
  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/evc-docker.XXXXXX") || die_no_engine "cannot make a temp dir"
  touch "$dir/evc-docker"
  mkdir -p "$dir/data" "$dir/exec"
  # no bridge, no iptables rules: the machine's firewall is left as it is, and the container rigs use host
  # networking (a SUT's ports are host ports, the station SUT reaches the harness CSMS on 127.0.0.1)
  local net=(--bridge=none --iptables=false --ip6tables=false)
  dockerd --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/pid" -H "unix://$dir/docker.sock" \
    "${net[@]}" --storage-driver "${EVC_DOCKER_STORAGE:-overlay2}" >"$dir/dockerd.log" 2>&1 &
  local pid=$!
  echo "$pid" >"$dir/launched.pid" # dockerd writes its own pid file once it runs
  for _ in $(seq 1 150); do
    if DOCKER_HOST="unix://$dir/docker.sock" engine_answers; then
      say "private dockerd $pid answers at unix://$dir/docker.sock ($(DOCKER_HOST="unix://$dir/docker.sock" docker version -f '{{.Server.Version}}' 2>/dev/null), storage ${EVC_DOCKER_STORAGE:-overlay2})"
      echo "DOCKER_HOST=unix://$dir/docker.sock"
      echo "EVC_DOCKER_DIR=$dir"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  local why
  why=$(grep -iE 'level=(error|fatal)|failed' "$dir/dockerd.log" | tail -n 1 | cut -c1-240)
  if [ -z "${EVC_DOCKER_STORAGE:-}" ] && grep -qi overlay "$dir/dockerd.log"; then
    stop_engine "$dir" >/dev/null 2>&1
    say "overlay2 refused here: trying the vfs storage driver"
    EVC_DOCKER_STORAGE=vfs start_engine
    return
  fi
  stop_engine "$dir" >/dev/null 2>&1
  die_no_engine "dockerd did not answer within 30 s: ${why:-no error in its log}"
}

case "${1:-}" in
  start) start_engine ;;
  stop) stop_engine "${2:-}" ;;
  *) echo "usage: $0 start | stop [DIR]" >&2; exit 2 ;;
esac
