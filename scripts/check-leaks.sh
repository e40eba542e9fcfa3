#!/usr/bin/env bash
# After a run nothing may be left behind: no user-mode Linux VM, no harness or reference process, no
# listening socket from a test.
set -uo pipefail
problems=0
if pgrep -f 'linux\.uml|vmlinux.*hostfs' >/dev/null 2>&1; then echo "leak: a user-mode Linux VM is still running:"; pgrep -af 'linux\.uml|vmlinux.*hostfs'; problems=1; fi
if pgrep -f 'cucumber\.js|bin/evc\.js' >/dev/null 2>&1; then echo "leak: harness processes still running:"; pgrep -af 'cucumber\.js|bin/evc\.js'; problems=1; fi
if [ "$problems" = 0 ]; then echo "no leaked VMs or harness processes"; fi
exit "$problems"
