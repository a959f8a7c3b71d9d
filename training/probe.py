"""Reads training/probe.jsonl (24 plain pairs written here: polarity, paraphrase, unrelated facts)
with an exported model, as the product does, and prints what it says of each.

    python probe.py --model ../models/nli [--model other/folder ...]

A look at what a model reads, not a figure: MODEL_CARD.md reports the held-out sets.
"""
import argparse
import json
from pathlib import Path

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", action="append", required=True)
    ap.add_argument("--pairs", default=str(Path(__file__).with_name("probe.jsonl")))
    args = ap.parse_args()
    import onnxruntime as ort
    from tokenizers import Tokenizer
    rows = [json.loads(l) for l in Path(args.pairs).read_text().splitlines() if l.strip()]
    for folder in args.model:
        d = Path(folder)
        meta = json.loads((d / "nli.json").read_text())
        tok = Tokenizer.from_file(str(d / "tokenizer.json"))
        tok.no_padding()
        tok.enable_truncation(max_length=int(meta["max_len"]), strategy="only_first")
        so = ort.SessionOptions()
        so.intra_op_num_threads = 1
        sess = ort.InferenceSession(str(d / "model.int8.onnx"), so, providers=["CPUExecutionProvider"])
        right = 0
        for r in rows:
            e = tok.encode(r["premise"], r["hypothesis"])
            ids = np.array([e.ids], dtype=np.int64)
            logits = sess.run(["logits"], {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.array([e.type_ids], dtype=np.int64)})[0][0]
            p = np.exp(logits - logits.max()); p /= p.sum()
            said = meta["labels"][int(p.argmax())]
            right += said == r["label"]
            print(f"{'ok ' if said == r['label'] else 'NO '} {r['label']:10} {said:10} " + " ".join(f"{l[:4]}={v:.2f}" for l, v in zip(meta["labels"], p)) + f"  {r['hypothesis']}")
        print(f"{folder}: {right}/{len(rows)} as labelled\n")


if __name__ == "__main__":
    main()
