#!/bin/sh
# Builds and runs mujoco_layout.c against the installed MuJoCo headers: run by the Maven profile mujoco-layout
# (regenerates the checked-in table) and by LayoutTableTest (checks it).
# Usage: mujoco-layout.sh SOURCE_C WORK_DIR OUTPUT_PROPERTIES
# Exit status 3: no C compiler or no MuJoCo headers; any other non-zero status is a failure of the program.
set -u
src=$1
work=$2
out=$3
mkdir -p "$work" "$(dirname "$out")"
if ! ${CC:-gcc} -std=c11 -Wall -o "$work/mujoco_layout" "$src"; then
  echo "error: could not compile $src against the MuJoCo 2.2.2 headers." >&2
  echo "Install them and a C compiler (Debian: apt-get install libmujoco-dev gcc)." >&2
  exit 3
fi
exec "$work/mujoco_layout" "$out"
