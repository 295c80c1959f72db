#!/usr/bin/env python3
"""PyTorch/cuDNN fp32 baselines for `convoy bench`, measured on the same GPU in the same session.

  python3 tools/bench/cudnn_baseline.py --out baseline.json

1. The ResNet-18/50 convolution suite (the same shapes as `convoy bench --suite resnet-conv`, listed in
   cli/.../ConvSuite.java) at batch 1 and 32: torch.nn.functional.conv2d, fp32 with TF32 off,
   cudnn.benchmark on (cuDNN picks its fastest algorithm), timed with CUDA events over 50 calls after 10
   warm-up calls -> milliseconds per call and GFLOP/s.
2. Whole-model batch-1 latency of the fixtures' architectures (LeNet5, SmallResNet from
   tools/fixtures/train_fixtures.py; weights do not change the time) in PyTorch eager mode under
   torch.no_grad(): host tensor -> .cuda() -> model -> .cpu(), the same work `convoy bench MODEL` times
   (upload, every layer, read-back); median of 200 calls after 20 warm-up calls.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

SUITE = [  # name, C, HW, M, k, stride, pad
    ("3x3-c64-56", 64, 56, 64, 3, 1, 1),
    ("3x3-c128-28", 128, 28, 128, 3, 1, 1),
    ("3x3-c256-14", 256, 14, 256, 3, 1, 1),
    ("3x3-c512-7", 512, 7, 512, 3, 1, 1),
    ("3x3-c128-56-s2", 128, 56, 128, 3, 2, 1),
    ("1x1-c64-56-m256", 64, 56, 256, 1, 1, 0),
    ("1x1-c256-56-m64", 256, 56, 64, 1, 1, 0),
    ("1x1-c512-28-m128", 512, 28, 128, 1, 1, 0),
    ("1x1-c1024-14-m256", 1024, 14, 256, 1, 1, 0),
    ("1x1-c2048-7-m512", 2048, 7, 512, 1, 1, 0),
]


def conv_suite(batches):
    out = []
    for name, c, hw, m, k, s, p in SUITE:
        for b in batches:
            x = torch.randn(b, c, hw, hw, device="cuda")
            w = torch.randn(m, c, k, k, device="cuda") * 0.05
            for _ in range(10):
                F.conv2d(x, w, stride=s, padding=p)
            torch.cuda.synchronize()
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            for _ in range(50):
                F.conv2d(x, w, stride=s, padding=p)
            end.record()
            torch.cuda.synchronize()
            ms = start.elapsed_time(end) / 50
            oh = (hw + 2 * p - k) // s + 1
            flops = 2.0 * b * m * oh * oh * c * k * k
            out.append({"layer": name, "batch": b, "ms": ms, "gflops": flops / ms / 1e6})
    return out


def model_latency():
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "fixtures"))
    from train_fixtures import LeNet5, SmallResNet
    out = []
    for name, model in [("lenet5", LeNet5()), ("resnet", SmallResNet())]:
        model = model.cuda().eval()
        x = torch.rand(1, 1, 28, 28)
        times = []
        with torch.no_grad():
            for i in range(220):
                t0 = time.perf_counter()
                model(x.cuda()).cpu()
                t1 = time.perf_counter()
                if i >= 20:
                    times.append((t1 - t0) * 1e3)
        out.append({"model": name, "batch": 1, "median_ms": statistics.median(times), "min_ms": min(times)})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="baseline.json")
    a = ap.parse_args()
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.benchmark = True
    res = {"device": torch.cuda.get_device_name(0), "torch": torch.__version__, "cudnn": torch.backends.cudnn.version(),
           "tf32": False, "conv": conv_suite([1, 32]), "models": model_latency()}
    with open(a.out, "w") as f:
        json.dump(res, f, indent=1)
    for r in res["conv"]:
        print(f"{r['layer']:<20} b{r['batch']:<3} {r['ms']:.4f} ms {r['gflops']:.0f} GFLOP/s")
    for r in res["models"]:
        print(f"{r['model']:<8} batch 1 eager: median {r['median_ms']:.3f} ms (min {r['min_ms']:.3f})")


if __name__ == "__main__":
    main()
