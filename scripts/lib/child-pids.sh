# Sourced by scripts that start long-lived children (serve-station, evc runs, bots): the children's pids go
# into `pids`; on exit each one still running gets TERM, 5 s, then KILL, and the script's work dir `work` is
# removed. Usage: work=$(mktemp -d …); source scripts/lib/child-pids.sh; … & pids+=($!)
pids=()
stop_children() {
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null
    fi
  done
  [ -n "${work:-}" ] && rm -rf "$work"
}
trap stop_children EXIT
trap 'exit 130' INT TERM
