#!/usr/bin/env bash
# Builds the container images of the reference SUTs from this checkout, offline (no image registry needed):
#
#   evc-reference-csms     `evc serve-csms`    (the reference CSMS, its OCPP endpoint and operator API)
#   evc-reference-station  `evc serve-station` (the reference station, its control API)
#   evc-reference-ecu      `evc serve doip-entity` (the reference DoIP entity with the reference ECU behind it)
#
# Both are FROM scratch: the host's node binary with the shared libraries it loads (ldd), the checkout's
# runtime files (bin, src, data, schemas, fixtures, package.json, tsconfig.json) and node_modules without the
# development-only tools (typescript, eslint, allure). The rigs rigs/container-*.yaml use them.
#
#   DOCKER_HOST=… scripts/build-reference-images.sh     (see scripts/ensure-docker.sh for an engine)
#
# Exits 3 with one line when no engine answers (like ensure-docker.sh), 1 when a build fails.
set -euo pipefail
cd "$(dirname "$0")/.."

timeout 10 docker info >/dev/null 2>&1 || { echo "evc: no container engine: none answers at ${DOCKER_HOST:-the default socket} (scripts/ensure-docker.sh start)" >&2; exit 3; }
node_bin=$(command -v node)
[ -d node_modules ] || { echo "build-reference-images: no node_modules: run npm ci first" >&2; exit 1; }

stage=$(mktemp -d "${TMPDIR:-/tmp}/evc-image.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root="$stage/rootfs"
mkdir -p "$root/usr/local/bin" "$root/app" "$root/tmp" "$root/etc"
chmod 1777 "$root/tmp"

# node and every shared library it loads, at the same paths (the dynamic loader included)
cp -L "$node_bin" "$root/usr/local/bin/node"
ldd "$node_bin" | awk '$3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
echo 'nobody:x:65534:65534:nobody:/tmp:/sbin/nologin' >"$root/etc/passwd"
echo 'nogroup:x:65534:' >"$root/etc/group"

# the checkout's runtime files (no reports, no .git, no generated PKI: none lives in these folders)
tar -cf - bin src data schemas fixtures package.json tsconfig.json | tar -xf - -C "$root/app"
tar -cf - --exclude='node_modules/typescript' --exclude='node_modules/eslint*' --exclude='node_modules/@typescript-eslint' \
  --exclude='node_modules/@eslint' --exclude='node_modules/@allurereport' --exclude='node_modules/allure*' --exclude='node_modules/.cache' \
  node_modules | tar -xf - -C "$root/app"

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
cat >"$stage/Dockerfile.csms" <<EOF
FROM scratch
COPY rootfs/ /
ENV HOME=/tmp TMPDIR=/tmp NODE_ENV=production
WORKDIR /app
USER 65534:65534
LABEL org.evc.reference=csms org.evc.commit=$commit
ENTRYPOINT ["/usr/local/bin/node", "bin/evc.js"]
CMD ["serve-csms", "--help"]
EOF
cat >"$stage/Dockerfile.station" <<EOF
FROM evc-reference-csms:latest
LABEL org.evc.reference=station org.evc.commit=$commit
CMD ["serve-station", "--help"]
EOF

t0=$(date +%s)
docker build -q -f "$stage/Dockerfile.csms" -t evc-reference-csms:latest "$stage" >/dev/null
cat >"$stage/Dockerfile.ecu" <<EOF
FROM evc-reference-csms:latest
LABEL org.evc.reference=ecu org.evc.commit=$commit
CMD ["serve", "doip-entity", "--help"]
EOF
docker build -q -t evc-reference-station:latest - <"$stage/Dockerfile.station" >/dev/null # no context: FROM the first
docker build -q -t evc-reference-ecu:latest - <"$stage/Dockerfile.ecu" >/dev/null
# smoke: the image runs node and the CLI answers
docker run --rm --network none evc-reference-csms:latest serve-csms --help | head -n 1 | grep -q 'usage: evc serve-csms' \
  || { echo "build-reference-images: evc-reference-csms does not run 'evc serve-csms --help'" >&2; exit 1; }
size=$(docker image inspect -f '{{.Size}}' evc-reference-csms:latest)
echo "built evc-reference-csms, evc-reference-station and evc-reference-ecu (commit $commit, $((size / 1048576)) MiB, $(( $(date +%s) - t0 )) s)"
