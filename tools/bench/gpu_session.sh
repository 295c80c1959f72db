#!/usr/bin/env bash
# One GPU session: cuDNN baselines, tuning, convoy bench and the bit-exactness check, all on the same GPU.
# Run from the repository root on the GPU host with the bundle from tools/bench/bundle_gpu.sh in .device/:
#   OUT=/tmp/gpu DATA=.device/data bash tools/bench/gpu_session.sh
# Writes baseline.json, tuning.json, bench-*.json, infer-*.npy and compare.txt under $OUT.
set -uo pipefail
OUT=${OUT:-/tmp/gpu}; DATA=${DATA:-/usr/share/datasets/fashion-mnist}; mkdir -p "$OUT"
convoy() { bash .device/run.sh dev.convoy.cli.Main "$@"; }
D=opencl:NVIDIA
convoy devices
python3 tools/bench/cudnn_baseline.py --out "$OUT/baseline.json"
for b in 32 1; do  # the suite's per-layer device times are what compares with cuDNN's per-call times
  convoy tune --suite resnet-conv --device $D --batch $b --tuning "$OUT/tuning.json" 2>/dev/null
  convoy bench --suite resnet-conv --device $D --batch $b --warmup 10 --reps 50 --tuning "$OUT/tuning.json" --json "$OUT/bench-suite-b$b.json"
done
for m in lenet5 resnet; do
  convoy tune fixtures/$m.onnx --device $D --batch 1 --tuning "$OUT/tuning.json" 2>/dev/null
  convoy bench fixtures/$m.onnx --device $D --batch 1 --warmup 20 --reps 200 --tuning "$OUT/tuning.json" --json "$OUT/bench-$m-b1.json"
  convoy bench fixtures/$m.onnx --device cpu --batch 1 --warmup 20 --reps 200 --json "$OUT/bench-$m-b1-cpu.json" | head -1
done
# transfers overlapping compute: the same evaluation streamed (default) and batch by batch
for o in "" --no-overlap; do
  convoy eval fixtures/resnet.onnx --data "$DATA" --device $D --batch 1000 --tuning "$OUT/tuning.json" $o 2>/dev/null | tail -2
done
# bit-exactness and fp32 agreement on all 10,000 test images: the GPU against the CPU reference. The quantized
# models come from `convoy quantize fixtures/resnet.onnx --scheme int8|fixed:8 -o $QMODELS/resnet.<scheme>.onnx`.
QMODELS=${QMODELS:-.device/models}
for p in fp32 int8 fixed8; do
  m=fixtures/resnet.onnx; [ $p = fp32 ] || m=$QMODELS/resnet.$p.onnx
  for d in cpu $D; do
    convoy infer $m --data "$DATA" --device $d --batch 500 --tuning "$OUT/tuning.json" --out "$OUT/infer-$p-${d%%:*}.npy" 2>&1 | tail -1
  done
done
python3 - "$OUT" <<'PY' | tee "$OUT/compare.txt"
import sys, numpy as np
out = sys.argv[1]
for p in ["fp32", "int8", "fixed8"]:
    a, b = np.load(f"{out}/infer-{p}-cpu.npy"), np.load(f"{out}/infer-{p}-opencl.npy")
    rel = np.max(np.abs(a - b) / np.maximum(1, np.abs(a)))
    print(f"{p}: {a.size} outputs, {int(np.sum(a != b))} differ, max relative difference {rel:.3g}, "
          f"top-1 cpu {int(np.sum(a.argmax(1) == b.argmax(1)))} agree")
PY
