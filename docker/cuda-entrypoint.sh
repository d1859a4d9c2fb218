#!/bin/sh
# Entrypoint of the CUDA image: picks ND4J's backend from the GPUs' compute capability, then starts the CLI.
# ND4J reads its backend priorities from the environment once, as it loads, so the check (CudaBackendCheck, which
# never loads ND4J) runs first in a JVM of its own; it prints cpu or cuda, or refuses in one line (exit 2).
# ODETOODE_DEVICE: auto (default), cuda or cpu. ODETOODE_HOME: where odetoode.jar and lib/ are (default /opt/odetoode).
set -eu
home=${ODETOODE_HOME:-/opt/odetoode}
backend=$(java -cp "$home/lib/*" org.odetoode.modules.samediff.CudaBackendCheck "${ODETOODE_DEVICE:-auto}") || exit 2
if [ "$backend" = cpu ]; then
  export BACKEND_PRIORITY_GPU=-1 # below the CPU backend's default 0 (the GPU's default is 100): ND4J loads nd4j-native
fi
exec java -XX:MaxRAMPercentage=75 -XX:ObjectAlignmentInBytes=64 --add-modules jdk.incubator.vector,jdk.incubator.foreign --enable-native-access=ALL-UNNAMED -jar "$home/odetoode.jar" "$@"
