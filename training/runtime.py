"""An exported model (model.int8.onnx, tokenizer.json, nli.json) read as the product reads it:
onnxruntime, int8, one pair a run, the premise cut first. score_pairs.py and probe.py share it.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np


class ExportedModel:
    def __init__(self, folder: str | Path, threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        d = Path(folder)
        self.meta = json.loads((d / "nli.json").read_text())
        self.labels: list[str] = self.meta["labels"]
        self.max_len = int(self.meta["max_len"])
        self.tok = Tokenizer.from_file(str(d / "tokenizer.json"))
        self.tok.no_padding()
        self.tok.enable_truncation(max_length=self.max_len, strategy="only_first")
        model_bytes = (d / "model.int8.onnx").read_bytes()
        self.sha = hashlib.sha256(model_bytes).hexdigest()
        if self.sha != self.meta["sha256"]:
            raise SystemExit(f"{d / 'model.int8.onnx'}: its SHA-256 {self.sha[:12]} is not the one nli.json names ({self.meta['sha256'][:12]})")
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        self.sess = ort.InferenceSession(model_bytes, so, providers=["CPUExecutionProvider"])

    def score(self, premise: str, hypothesis: str) -> tuple[np.ndarray, bool]:
        """The pair's probabilities in `labels` order (double precision), and whether it was cut."""
        e = self.tok.encode(premise, hypothesis, add_special_tokens=True)
        # the premise is cut first; a hypothesis alone longer than the window is cut too
        cut = bool(e.overflowing) or len(e.ids) >= self.max_len
        ids = np.array([e.ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.array([e.type_ids], dtype=np.int64)}
        logits = self.sess.run(["logits"], feeds)[0][0].astype(np.float64)
        prob = np.exp(logits - logits.max())
        return prob / prob.sum(), cut
