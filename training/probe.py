"""Reads training/probe.jsonl (24 plain pairs written here: polarity, paraphrase, unrelated facts)
with an exported model, as the product does, and prints what it says of each.

    python probe.py --model ../models/nli [--model other/folder ...]

A look at what a model reads, not a figure: MODEL_CARD.md reports the held-out sets.
"""
import argparse
import json
from pathlib import Path

from runtime import ExportedModel


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", action="append", required=True)
    ap.add_argument("--pairs", default=str(Path(__file__).with_name("probe.jsonl")))
    args = ap.parse_args()
    rows = [json.loads(l) for l in Path(args.pairs).read_text().splitlines() if l.strip()]
    for folder in args.model:
        model = ExportedModel(folder)
        right = 0
        for r in rows:
            p, _ = model.score(r["premise"], r["hypothesis"])
            said = model.labels[int(p.argmax())]
            right += said == r["label"]
            print(f"{'ok ' if said == r['label'] else 'NO '} {r['label']:10} {said:10} " + " ".join(f"{l[:4]}={v:.2f}" for l, v in zip(model.labels, p)) + f"  {r['hypothesis']}")
        print(f"{folder}: {right}/{len(rows)} as labelled\n")


if __name__ == "__main__":
    main()
