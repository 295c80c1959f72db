#!/usr/bin/python3
"""Export torchvision's ResNet-18 and MobileNetV2 (random weights, 1000 classes, input [N,3,224,224]) for the
CPU speed comparison with ONNX Runtime (bench/ CpuPeerBench). Speed does not depend on the weights' values.

  /usr/bin/python3 tools/bench/export_imagenet_models.py /tmp/models
"""
import os
import sys

import torch
import torchvision


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/models"
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    for name, model in [("resnet18", torchvision.models.resnet18()), ("mobilenet_v2", torchvision.models.mobilenet_v2())]:
        model.eval()
        x = torch.randn(1, 3, 224, 224)
        path = os.path.join(out, name + ".onnx")
        torch.onnx.export(model, x, path, opset_version=13, input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}})
        print(path)


if __name__ == "__main__":
    main()
