"""Exports a trained cross-encoder to ONNX, quantizes it to int8 and checks it.

    python export.py [--model out/nli] [--out ../models/nli] [--fixtures ../test/fixtures/nli/parity.json]

Writes to --out: model.int8.onnx (int8 dynamic quantization of every MatMul and Gather
by onnxruntime), vocab.txt, tokenizer.json, tokenizer_config.json, config.json and
nli.json (labels in output order, max length, input names, SHA-256 of the model).
The float model stays in --model (model.onnx): it is not shipped.

Checks, printed and written to nli.json: PyTorch against ONNX float (max abs logit
difference) and against int8; int8 accuracy against PyTorch on --eval-snli SNLI test
pairs. --fixtures writes a few (premise, hypothesis) pairs with their word-piece ids
and int8 logits, for the Node runtime's parity test.
"""
from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import argparse
import hashlib
import json
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from data import LABELS  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
INPUTS = ["input_ids", "attention_mask", "token_type_ids"]

PARITY_PAIRS = [
    ("Quarterly profits at Norvale Foods jumped 76% to $1.13bn for the three months to December.",
     "Norvale Foods' quarterly profit rose 76%."),
    ("Quarterly profits at Norvale Foods jumped 76% to $1.13bn for the three months to December.",
     "Norvale Foods' quarterly profit fell 76%."),
    ("Quarterly profits at Norvale Foods jumped 76% to $1.13bn for the three months to December.",
     "Norvale Foods plans to sell its dairy division."),
    ("The council voted on Tuesday to close two libraries.", "The council did not vote to close any libraries."),
    ("Two women are embracing while holding to go packages.", "Two woman are holding packages."),
    ("Two women are embracing while holding to go packages.", "The men are fighting outside a deli."),
    ("A man in a blue shirt is playing a guitar on a stage.", "A musician is performing."),
    ("Ms Okafor joined the board in 2019 and left it in 2023.", "Ms Okafor left the board in 2023."),
]


# Text that tests the tokenizer's normalisation: accents, curly quotes, currency, CJK, emoji,
# other scripts, control characters, a premise far longer than the window.
TOKEN_CASES = [
    ("Café owners in Zürich said the naïve plan cost €3.5bn — “too much”.", "Prices rose 7½% in São Paulo."),
    ("東京の人口は増えた。 Tokyo's population grew 1.2% in 2004.", "Tokyo grew."),
    ("The minister 😀 said the tax would rise to 45% from April.", "The tax will rise 🚀 to 45%."),
    ("Москва и Київ: переговоры продолжаются.", "Talks in Moscow continue."),
    ("Tabs\tand\u00a0non-breaking spaces\u200b and zero-width joiners.", "SHOUTING IN CAPITALS, don't; won't; it's £1,200,000."),
    ("word " * 3000, "The word is repeated."),
    ("", "An empty premise."),
]


def encode_np(tok, pairs, max_len):
    enc = tok([p for p, _ in pairs], [h for _, h in pairs], truncation="only_first", max_length=max_len,
              padding=True, return_tensors="np")
    return {k: enc[k].astype(np.int64) for k in INPUTS}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=str(HERE / "out" / "nli"))
    ap.add_argument("--out", default=str(REPO / "models" / "nli"))
    ap.add_argument("--opset", type=int, default=17)
    ap.add_argument("--max-len", type=int, default=256)
    ap.add_argument("--per-channel", action="store_true")
    ap.add_argument("--data", default=str(HERE / "data"))
    ap.add_argument("--eval-snli", type=int, default=300)
    ap.add_argument("--fixtures", default=None, help="write parity pairs with Python's logits here (for the Node test)")
    ap.add_argument("--token-fixtures", default=None, help="write Python's word-piece ids of awkward and real pairs here")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_grad_enabled(False)

    import onnx
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    src = Path(args.model)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tok = AutoTokenizer.from_pretrained(src)
    model = AutoModelForSequenceClassification.from_pretrained(src).eval()
    model.config.return_dict = False

    fp32 = src / "model.onnx"
    int8 = out / "model.int8.onnx"
    sample = encode_np(tok, PARITY_PAIRS[:2], args.max_len)
    t0 = time.time()

    class Wrap(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.m(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)[0]

    dyn = {k: {0: "batch", 1: "sequence"} for k in INPUTS} | {"logits": {0: "batch"}}
    with torch.no_grad():
        torch.onnx.export(Wrap(model).eval(), tuple(torch.from_numpy(sample[k]) for k in INPUTS), str(fp32),
                          input_names=INPUTS, output_names=["logits"], dynamic_axes=dyn,
                          opset_version=args.opset, dynamo=False)
    model.eval()  # the exporter puts the wrapper's training mode back on every submodule
    onnx.checker.check_model(str(fp32))
    t_export = time.time() - t0
    t0 = time.time()
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=args.per_channel)
    t_quant = time.time() - t0

    so = ort.SessionOptions()
    so.intra_op_num_threads = args.threads
    so.inter_op_num_threads = 1
    s32 = ort.InferenceSession(str(fp32), so, providers=["CPUExecutionProvider"])
    s8 = ort.InferenceSession(str(int8), so, providers=["CPUExecutionProvider"])

    feeds = encode_np(tok, PARITY_PAIRS, args.max_len)
    with torch.no_grad():
        pt = model(**{k: torch.from_numpy(v) for k, v in feeds.items()})[0].numpy()
    l32 = s32.run(["logits"], feeds)[0]
    l8 = s8.run(["logits"], feeds)[0]
    report = {
        "fp32_onnx_mb": round(fp32.stat().st_size / 1e6, 2),
        "int8_onnx_mb": round(int8.stat().st_size / 1e6, 2),
        "export_seconds": round(t_export, 1),
        "quantize_seconds": round(t_quant, 1),
        "max_abs_diff_torch_vs_onnx_fp32": float(np.abs(pt - l32).max()),
        "max_abs_diff_torch_vs_onnx_int8": float(np.abs(pt - l8).max()),
        "parity_argmax_agree_int8": int((pt.argmax(1) == l8.argmax(1)).sum()),
        "parity_pairs": len(PARITY_PAIRS),
    }

    snli_path = Path(args.data) / "val_snli.jsonl"
    if args.eval_snli and snli_path.exists():
        import random

        rows = [json.loads(line) for line in open(snli_path, encoding="utf-8")]
        rows = random.Random(7).sample(rows, min(args.eval_snli, len(rows)))
        gold = np.array([LABELS.index(r["label"]) for r in rows])
        pred_pt, pred_8 = [], []
        for s in range(0, len(rows), 32):
            f = encode_np(tok, [(r["premise"], r["hypothesis"]) for r in rows[s:s + 32]], args.max_len)
            with torch.no_grad():
                pred_pt.append(model(**{k: torch.from_numpy(v) for k, v in f.items()})[0].numpy().argmax(1))
            pred_8.append(s8.run(["logits"], f)[0].argmax(1))
        pred_pt, pred_8 = np.concatenate(pred_pt), np.concatenate(pred_8)
        report.update(snli_eval_n=len(rows), snli_acc_torch=float((pred_pt == gold).mean()),
                      snli_acc_int8=float((pred_8 == gold).mean()), snli_int8_agrees_with_torch=float((pred_pt == pred_8).mean()))

    for name in ["vocab.txt", "tokenizer.json", "tokenizer_config.json", "config.json"]:
        if (src / name).exists():
            shutil.copyfile(src / name, out / name)
    if not (out / "vocab.txt").exists():  # transformers 5 saves tokenizer.json only; the vocabulary is the base model's
        from train import base_model_dir

        shutil.copyfile(Path(base_model_dir()) / "vocab.txt", out / "vocab.txt")
    meta = {
        "labels": LABELS,
        "inputs": INPUTS,
        "output": "logits",
        "max_len": args.max_len,
        "truncation": "premise first (only_first); [CLS] premise [SEP] hypothesis [SEP]",
        "lowercase": True,
        "sha256": hashlib.sha256(int8.read_bytes()).hexdigest(),
        "quantization": "onnxruntime quantize_dynamic QInt8" + (" per-channel" if args.per_channel else ""),
        "opset": args.opset,
        "onnxruntime_python": ort.__version__,
        "torch": torch.__version__,
        "check": report,
    }
    (out / "nli.json").write_text(json.dumps(meta, indent=1) + "\n")

    if args.token_fixtures:
        import random

        cases = list(TOKEN_CASES)
        # Real pairs from SNLI's held-out split (CC BY-SA 4.0, attributed in MODEL_CARD.md): the BBC articles
        # the training pairs are generated from may not be republished, so none of their text goes in a fixture.
        snli = Path(args.data) / "val_snli.jsonl"
        if snli.exists():
            rows = [json.loads(line) for line in open(snli, encoding="utf-8")]
            cases += [(r["premise"], r["hypothesis"]) for r in random.Random(3).sample(rows, 25)]
        tc = []
        for p, h in cases:
            e = tok(p, h, truncation="only_first", max_length=args.max_len)
            tc.append({"premise": p, "hypothesis": h, "input_ids": e["input_ids"], "token_type_ids": e["token_type_ids"]})
        Path(args.token_fixtures).parent.mkdir(parents=True, exist_ok=True)
        Path(args.token_fixtures).write_text(json.dumps({"max_len": args.max_len, "cases": tc}, ensure_ascii=False) + "\n")

    if args.fixtures:
        fx = []
        for (p, h) in PARITY_PAIRS:
            one = encode_np(tok, [(p, h)], args.max_len)
            fx.append({"premise": p, "hypothesis": h, "input_ids": one["input_ids"][0].tolist(),
                       "token_type_ids": one["token_type_ids"][0].tolist(),
                       "logits_int8": s8.run(["logits"], one)[0][0].tolist(),
                       "logits_torch": model(**{k: torch.from_numpy(v) for k, v in one.items()})[0][0].tolist()})
        Path(args.fixtures).parent.mkdir(parents=True, exist_ok=True)
        Path(args.fixtures).write_text(json.dumps({"model_sha256": meta["sha256"], "labels": LABELS, "pairs": fx}, indent=1) + "\n")

    print(json.dumps(report, indent=1))
    print(f"int8 model: {int8} {int8.stat().st_size / 1e6:.1f} MB (float: {fp32.stat().st_size / 1e6:.1f} MB, not shipped)")


if __name__ == "__main__":
    main()
