#!/usr/bin/env bash
# Builds the CPU image from docker/Dockerfile.cpu and trains in it, on a machine with Debian's docker.io but no
# systemd and no registry: starts a private dockerd (VFS storage, no bridge, no iptables) unless one already answers
# on its socket, makes debian:bookworm-slim with debootstrap + docker import unless that image exists, builds
# odetoode:cpu, then runs `describe --check`, short `train --json` runs (CartPole, and InvertedPendulum on MuJoCo) and
# Acrobot's `envs bench` in containers, and the compose cluster of docker/compose.yaml (its run directory goes to
# runs/ in the repository). Idempotent: a second run reuses the daemon's data root (base image and build cache); the
# daemon it started is stopped on exit.
#
# Usage: docker/build-and-run.sh [--purge]     (run as root; --purge deletes the data root at the end)
# Environment: ODETOODE_DOCKER_ROOT (default /var/lib/odetoode-docker), ODETOODE_IMAGE (default odetoode:cpu),
#   DEBIAN_MIRROR (default http://deb.debian.org/debian),
#   ODETOODE_DOCKER_MAVEN: host (default when ~/.m2 holds the repository and the wrapper's Maven) serves the host's
#   ~/.m2/repository to the build on 127.0.0.1, so ./mvnw inside the image resolves offline; central downloads
#   from Maven Central instead (behind a TLS-intercepting proxy the build stage then needs that proxy's CA);
#   ODETOODE_MAVEN_MIRROR_PORT (default 18089) is where the host's repository is served during the build.
# Needs: apt-get install docker.io debootstrap, python3; network access to the Debian mirror.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state=${ODETOODE_DOCKER_ROOT:-/var/lib/odetoode-docker}
image=${ODETOODE_IMAGE:-odetoode:cpu}
base=debian:bookworm-slim
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
purge=
case "${1:-}" in
  --purge) purge=1 ;;
  "") ;;
  -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "error: unknown argument '$1' (the only option is --purge)" >&2; exit 2 ;;
esac

[ "$(id -u)" = 0 ] || { echo "error: dockerd and debootstrap need root: run with sudo" >&2; exit 2; }
for tool in dockerd debootstrap; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found: apt-get install docker.io debootstrap" >&2; exit 2; }
done
dockerd_bin=$(command -v dockerd)
# The client packaged with this daemon: another `docker` earlier on PATH may ask for a newer API than 20.10 speaks.
docker_bin=/usr/bin/docker
[ -x "$docker_bin" ] || docker_bin=$(command -v docker)
sock=$state/docker.sock
docker() { "$docker_bin" -H "unix://$sock" "$@"; }
step() { printf '=== [%4ss] %s\n' "$SECONDS" "$*"; }

mkdir -p "$state"
started=
mirror_pid=
stop_daemon() {
  if [ -n "$mirror_pid" ]; then
    kill "$mirror_pid" 2>/dev/null || true
    wait "$mirror_pid" 2>/dev/null || true
  fi
  if [ -n "$started" ]; then
    step "stopping the dockerd this script started (pid $started)"
    kill "$started" 2>/dev/null || true
    wait "$started" 2>/dev/null || true
  fi
  if [ -n "$purge" ]; then
    step "purging $state"
    rm -rf "$state"
  fi
}
trap stop_daemon EXIT

if docker version >/dev/null 2>&1; then
  step "reusing the dockerd on $sock"
else
  step "starting dockerd (vfs, no bridge, no iptables) on $sock; log $state/dockerd.log"
  "$dockerd_bin" --storage-driver=vfs --iptables=false --ip-masq=false --bridge=none \
    --data-root "$state/data" --exec-root "$state/exec" --pidfile "$state/dockerd.pid" \
    -H "unix://$sock" >"$state/dockerd.log" 2>&1 &
  started=$!
  for _ in $(seq 60); do
    docker version >/dev/null 2>&1 && break
    kill -0 "$started" 2>/dev/null || { tail -n 20 "$state/dockerd.log" >&2; started=; exit 1; }
    sleep 1
  done
  docker version >/dev/null 2>&1 || { echo "error: dockerd did not answer in 60 s; see $state/dockerd.log" >&2; exit 1; }
fi
docker version --format 'daemon {{.Server.Version}}, client {{.Client.Version}}, storage driver vfs'

if docker image inspect "$base" >/dev/null 2>&1; then
  step "reusing base image $base"
else
  rootfs=$state/rootfs-bookworm
  step "making $base: debootstrap --variant=minbase bookworm from $mirror (log $state/debootstrap.log)"
  rm -rf "$rootfs"
  if ! debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$state/debootstrap.log" 2>&1; then
    tail -n 20 "$state/debootstrap.log" >&2
    exit 1
  fi
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import --change 'CMD ["bash"]' - "$base" >/dev/null
  rm -rf "$rootfs"
fi

# The Maven repository the build stage's ./mvnw uses: the host's, served read-only on 127.0.0.1, when it is there.
m2=${MAVEN_USER_HOME:-$HOME/.m2}
maven_url=$(sed -n 's/^distributionUrl=//p' "$repo/.mvn/wrapper/maven-wrapper.properties")
maven_zip=${maven_url##*/}
maven_dist=$(ls -d "$m2/wrapper/dists/${maven_zip%-bin.zip}"/*/ 2>/dev/null | head -n 1 || true)
maven_source=${ODETOODE_DOCKER_MAVEN:-$([ -d "$m2/repository" ] && [ -n "$maven_dist" ] && echo host || echo central)}
build_args=()
case "$maven_source" in
  host)
    [ -d "$m2/repository" ] && [ -n "$maven_dist" ] \
      || { echo "error: ODETOODE_DOCKER_MAVEN=host needs $m2/repository and the wrapper's ${maven_zip%-bin.zip} in $m2/wrapper/dists: run ./mvnw once on the host" >&2; exit 2; }
    # The wrapper downloads a zip; the host keeps only the unpacked distribution, so zip it again (modes kept).
    zip_dir=$state/maven-wrapper
    if [ ! -f "$zip_dir/$maven_zip" ]; then
      rm -rf "$zip_dir" && mkdir -p "$zip_dir/${maven_zip%-bin.zip}"
      cp -a "$maven_dist"/. "$zip_dir/${maven_zip%-bin.zip}/"
      rm -f "$zip_dir/${maven_zip%-bin.zip}/mvnw.url"
      (cd "$zip_dir" && python3 -m zipfile -c "$maven_zip" "${maven_zip%-bin.zip}" && rm -rf "${maven_zip%-bin.zip}")
    fi
    port=${ODETOODE_MAVEN_MIRROR_PORT:-18089}
    rm -f "$state/mirror.ready"
    python3 "$repo/docker/host-maven-mirror.py" "$m2/repository" "$zip_dir/$maven_zip" "$port" "$state/mirror.ready" &
    mirror_pid=$!
    for _ in $(seq 50); do
      [ -e "$state/mirror.ready" ] && break
      kill -0 "$mirror_pid" 2>/dev/null || { mirror_pid=; exit 1; }
      sleep 0.1
    done
    [ -e "$state/mirror.ready" ] || { echo "error: the Maven mirror did not start in 5 s" >&2; exit 1; }
    build_args=(--build-arg "MAVEN_MIRROR=http://127.0.0.1:$port")
    step "serving $m2/repository to the build on ${build_args[1]#MAVEN_MIRROR=}"
    ;;
  central) step "the build downloads from Maven Central" ;;
  *) echo "error: ODETOODE_DOCKER_MAVEN must be host or central, not '$maven_source'" >&2; exit 2 ;;
esac

# The classic builder: BuildKit would need an extra daemon entitlement for --network host. With --bridge=none the
# host network is the only way out, for apt-get and for the Maven repository. The build stage gets a tag of its own
# so that the prune below keeps it (and its Maven layer) as cache while dropping what older sources left behind.
build_stage=${image%%:*}-build:${image##*:}
step "building $build_stage, then $image, from docker/Dockerfile.cpu (log $state/build.log)"
: >"$state/build.log"
for target in build-stage image; do
  if [ "$target" = build-stage ]; then tag=(--target build -t "$build_stage"); else tag=(-t "$image"); fi
  if ! DOCKER_BUILDKIT=0 docker build --force-rm --network host "${build_args[@]}" "${tag[@]}" \
      -f "$repo/docker/Dockerfile.cpu" \
      "$repo" >>"$state/build.log" 2>&1; then
    tail -n 40 "$state/build.log" >&2
    exit 1
  fi
done
grep -E '^(Step|Successfully)|Using cache' "$state/build.log" | sed 's/^/    /'
if [ -n "$mirror_pid" ]; then
  kill "$mirror_pid" && wait "$mirror_pid" 2>/dev/null || true
  mirror_pid=
fi
docker container prune -f >/dev/null # what an interrupted build left behind holds its layers
docker image prune -f >/dev/null
docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | sed 's/^/    /'

step "docker run $image describe --policy odetoode --obs-dim 4 --act-dim 2 --check"
docker run --rm --network host "$image" describe --policy odetoode --obs-dim 4 --act-dim 2 --check

step "docker run $image train --env CartPole-v1 --seed 11 --iterations 3 --json"
out=$(docker run --rm --network host "$image" train --env CartPole-v1 --seed 11 --iterations 3 --json)
printf '%s\n' "$out"
last=$(printf '%s\n' "$out" | tail -n 1)
case "$last" in
  '{'*params_sha256*'}') ;;
  *) echo "error: train --json did not end with a JSON object carrying params_sha256" >&2; exit 1 ;;
esac

# MuJoCo through Debian's libmujoco2.2.2 in the image: an environment that ends episodes early keeps this short.
step "docker run $image train --env InvertedPendulum-v2 --seed 1 --iterations 1 --json"
docker run --rm --network host "$image" train --env InvertedPendulum-v2 --seed 1 --iterations 1 --json | tail -n 1

# Acrobot's C math through the entry point's foreign linker: about 1.6 M steps/s here, about 1 M through JNA.
step "docker run $image envs bench --env Acrobot-v1 --seconds 1"
docker run --rm --network host "$image" envs bench --env Acrobot-v1 --seconds 1

# The compose cluster: two workers and a coordinator that trains with them, each in its own container.
if [ "$image" != odetoode:cpu ]; then
  step "skipping docker/compose.yaml: it runs odetoode:cpu, not $image"
elif ! command -v docker-compose >/dev/null; then
  step "skipping docker/compose.yaml: docker-compose not found (apt-get install docker-compose)"
else
  step "docker-compose -f docker/compose.yaml up: a coordinator training CartPole-v1 with two workers"
  compose() { DOCKER_HOST="unix://$sock" docker-compose -f "$repo/docker/compose.yaml" "$@"; }
  compose_status=0
  compose up --no-build --no-color --abort-on-container-exit --exit-code-from coordinator >"$state/compose.log" 2>&1 \
    || compose_status=$?
  compose down >>"$state/compose.log" 2>&1 || true
  grep -E '(worker[0-9]+|coordinator)_1 +\| +(worker |done|\{)' "$state/compose.log" || true
  [ "$compose_status" = 0 ] || { tail -n 30 "$state/compose.log" >&2; exit 1; }
fi

step "done; data root $state holds $(du -sh "$state" | cut -f1)"
