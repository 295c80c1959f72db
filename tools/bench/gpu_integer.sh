#!/usr/bin/env bash
# Integer networks on the GPU: which 8-bit dot product the probe picks, device-resident integer inference
# of the quantized ResNets on all 10,000 test images against the CPU's integer reference (bit for bit), the
# precompiled kernel set built for the GPU and loaded back with --binary, and the Aparapi backend.
#   OUT=/tmp/gpu DATA=.device/data bash tools/bench/gpu_integer.sh      (GPU host, bundle from bundle_gpu.sh)
set -uo pipefail
OUT=${OUT:-/tmp/gpu}; DATA=${DATA:-/usr/share/datasets/fashion-mnist}; mkdir -p "$OUT"
convoy() { bash .device/run.sh dev.convoy.cli.Main "$@"; }
D=opencl:NVIDIA; Q=${QMODELS:-.device/models}
for p in int8 int8tflite fixed8; do
  for d in cpu $D; do
    convoy infer $Q/resnet.$p.onnx --data "$DATA" --device $d --batch 500 --out "$OUT/int-$p-${d%%:*}.npy" 2>&1 | tail -1
  done
done
# the kernel set's single work-item kernels are one GPU thread each (they are shaped for FPGA pipelines): a
# correctness check on LeNet-5, not a speed run
convoy fpga-kernels --scheme int8 --requant onnx --device $D --binary "$OUT/convoy_int8_onnx.bin"
for d in cpu "$D --binary $OUT/convoy_int8_onnx.bin"; do
  convoy infer $Q/lenet5.int8.onnx --data "$DATA" --limit 100 --device $d --out "$OUT/lenet-int8-${d%% *}.npy" 2>&1 | tail -1
done
python3 - "$OUT" <<'PY' | tee "$OUT/compare-int.txt"
import sys, numpy as np
out = sys.argv[1]
for p in ["int8", "int8tflite", "fixed8"]:
    a, b = np.load(f"{out}/int-{p}-cpu.npy"), np.load(f"{out}/int-{p}-opencl.npy")
    print(f"{p}: {a.size} outputs, {int(np.sum(a != b))} differ from the CPU integer reference")
a, b = np.load(f"{out}/lenet-int8-cpu.npy"), np.load(f"{out}/lenet-int8-opencl:NVIDIA.npy")
print(f"LeNet-5 int8 from the precompiled kernel set: {b.size} outputs, {int(np.sum(a != b))} differ")
PY
for d in cpu $D; do
  /usr/bin/time -f "%e s wall" bash .device/run.sh dev.convoy.cli.Main eval $Q/resnet.int8.onnx --data "$DATA" --device $d --batch 500 2>&1 | tail -3
done
convoy eval fixtures/resnet.onnx --data "$DATA" --device aparapi --batch 500 2>&1 | tail -2
