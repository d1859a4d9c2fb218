#!/usr/bin/env bash
# Offline checks of what cannot be built here: both Dockerfiles with the npm package dockerfile-utils (installed once
# under docker/.tools), and the compose file with `docker compose config` or `docker-compose config` (Debian package
# docker-compose), else a YAML parse. Exit 1 when any check fails.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tools=$here/.tools
lint=$tools/node_modules/.bin/dockerfile-utils
if [ ! -x "$lint" ]; then
  command -v npm >/dev/null || { echo "error: npm not found: apt-get install npm" >&2; exit 2; }
  mkdir -p "$tools"
  (cd "$tools" && npm install --no-audit --no-fund --silent dockerfile-utils@0.16.3)
fi

status=0
for dockerfile in "$here"/Dockerfile.*; do
  if "$lint" lint "$dockerfile"; then
    echo "ok: dockerfile-utils lint docker/$(basename "$dockerfile")"
  else
    status=1
  fi
done

compose=$here/compose.yaml
if docker compose version >/dev/null 2>&1; then
  docker compose -f "$compose" config -q && echo "ok: docker compose config docker/compose.yaml" || status=1
elif command -v docker-compose >/dev/null; then
  docker-compose -f "$compose" config -q && echo "ok: docker-compose config docker/compose.yaml" || status=1
else
  python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$compose" \
    && echo "ok: docker/compose.yaml parses as YAML (no compose to validate it against)" || status=1
fi
exit $status
