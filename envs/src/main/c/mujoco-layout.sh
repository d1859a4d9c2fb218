#!/bin/sh
# Builds and runs mujoco_layout.c against the installed MuJoCo headers (called by Maven at generate-resources).
# Usage: mujoco-layout.sh SOURCE_C WORK_DIR OUTPUT_PROPERTIES
set -u
src=$1
work=$2
out=$3
mkdir -p "$work" "$(dirname "$out")"
if ! ${CC:-gcc} -std=c11 -Wall -o "$work/mujoco_layout" "$src"; then
  echo "error: could not compile $src against the MuJoCo 2.2.2 headers." >&2
  echo "Install them and a C compiler (Debian: apt-get install libmujoco2.2.2 libmujoco-dev gcc)," >&2
  echo "or build without MuJoCo support: mvn -Dmujoco.layout.skip=true ..." >&2
  exit 1
fi
exec "$work/mujoco_layout" "$out"
