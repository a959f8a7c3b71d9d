"""Scores (premise, hypothesis) pairs with the exported int8 model, one pair per run, as the product does.

    python score_pairs.py --model ../models/nli --pairs pairs.jsonl --out scores.jsonl [--threads 1]

--pairs: one JSON object a line with "premise" and "hypothesis" (other fields are ignored).
--out: one line per distinct pair, {"key", "entail", "contradict", "neither", "cut"}, where key is
the first 32 hex digits of SHA-256 of premise + NUL + hypothesis (UTF-8), probabilities rounded
to 4 decimals, and one line {"model": SHA-256 of model.int8.onnx} naming the model that scored
them (the fit refuses a table scored by another model than models/nli/nli.json names). Pairs
already in --out are not scored again (the file is a cache: a run can be stopped and resumed;
a file scored by another model is refused). The verdict model's fit (scripts/fit-model.ts) reads these scores, so it
sees the numbers the product's runtime computes (onnxruntime, int8, batch 1, the same cut).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

from runtime import ExportedModel


def pair_key(premise: str, hypothesis: str) -> str:
    return hashlib.sha256((premise + "\u0000" + hypothesis).encode("utf-8")).hexdigest()[:32]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="folder with model.int8.onnx, tokenizer.json and nli.json")
    ap.add_argument("--pairs", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()

    model = ExportedModel(args.model, args.threads)
    sha = model.sha

    out = Path(args.out)
    done: set[str] = set()
    scored_by = None
    if out.exists():
        for line in out.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                if "model" in r:
                    scored_by = r["model"]
                else:
                    done.add(r["key"])
    if done and scored_by != sha:
        raise SystemExit(f"{out}: scored by model {str(scored_by)[:12]}, not {sha[:12]}: delete it to score again")
    todo: dict[str, tuple[str, str]] = {}
    for line in Path(args.pairs).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        k = pair_key(r["premise"], r["hypothesis"])
        if k not in done:
            todo[k] = (r["premise"], r["hypothesis"])
    print(f"{len(done)} pairs already scored, {len(todo)} to score", flush=True)
    t0 = time.time()
    with open(out, "a", encoding="utf-8") as f:
        if scored_by is None:
            f.write(json.dumps({"model": sha}) + "\n")
        for n, (k, (p, h)) in enumerate(todo.items(), 1):
            prob, cut = model.score(p, h)
            row = {"key": k, "cut": cut}
            for label, v in zip(model.labels, prob):
                row[label] = round(float(v), 4)
            f.write(json.dumps(row) + "\n")
            if n % 2000 == 0:
                f.flush()
                print(f"{n}/{len(todo)} pairs, {1000 * (time.time() - t0) / n:.1f} ms a pair", flush=True)
    print(f"scored {len(todo)} pairs in {time.time() - t0:.0f} s", flush=True)


if __name__ == "__main__":
    main()
