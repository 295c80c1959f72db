#!/usr/bin/env bash
# Builds .device/: a jlink'd Java runtime, convoy.jar, the quantized ResNets and the test images, so that
# tools/bench/gpu_session.sh runs on a GPU host with a driver and Python/PyTorch but no JDK or Maven.
#   bash tools/bench/bundle_gpu.sh      (repository root, on the build machine; about 61 MiB)
set -euo pipefail
out=.device
mvn -q -B -DskipTests install
rm -rf "$out"; mkdir -p "$out/lib" "$out/models" "$out/data"
# the GPU host is linux-x86_64: leave the other platforms' native libraries (Aparapi, JOCL) out of the carried jar
python3 - cli/target/convoy.jar "$out/lib/convoy.jar" <<'PY'
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
other = ("win/", "osx/", "mac/", "linux/libaparapi_arm", "linux/libaparapi_aarch64", "lib/JOCL_2_0_6-windows",
         "lib/libJOCL_2_0_6-apple", "lib/libJOCL_2_0_6-linux-arm64")
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        if not item.filename.startswith(other):
            zout.writestr(item, zin.read(item.filename))
PY
jlink --add-modules java.base,java.logging,java.management,java.sql,java.naming,java.xml,jdk.unsupported,jdk.incubator.vector,java.scripting \
      --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out/jre" 2>/dev/null
for s in int8 fixed:8; do
  ./convoy quantize fixtures/resnet.onnx --scheme $s -o "$out/models/resnet.${s/:/}.onnx"
done
./convoy quantize fixtures/resnet.onnx --scheme int8 --requant tflite -o "$out/models/resnet.int8tflite.onnx"
./convoy quantize fixtures/lenet5.onnx --scheme int8 -o "$out/models/lenet5.int8.onnx"
cp /usr/share/datasets/fashion-mnist/t10k-* "$out/data/"
cat > "$out/run.sh" <<'RUN'
#!/bin/sh
# The bundled Java with convoy.jar; registers NVIDIA's OpenCL driver with the ICD loader when present and
# preloads the JVM's signal-chaining library (see dev.convoy.opencl.runtime.SignalChaining).
here=$(cd "$(dirname "$0")" && pwd)
if [ -e /usr/local/nvidia/lib64/libnvidia-opencl.so.1 ] || ldconfig -p 2>/dev/null | grep -q libnvidia-opencl.so.1; then
  if [ ! -e /etc/OpenCL/vendors/nvidia.icd ]; then
    (mkdir -p /etc/OpenCL/vendors && echo libnvidia-opencl.so.1 > /etc/OpenCL/vendors/nvidia.icd) 2>/dev/null \
      || export OCL_ICD_FILENAMES=libnvidia-opencl.so.1
  fi
fi
export LD_PRELOAD="$here/jre/lib/libjsig.so${LD_PRELOAD:+:$LD_PRELOAD}"
exec "$here/jre/bin/java" -cp "$here/lib/*" "$@"
RUN
chmod +x "$out/run.sh"
du -sh "$out"
