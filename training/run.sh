#!/usr/bin/env bash
# `npm run train`: the shipped model's whole recipe, from the shared training data to the
# committed files (MODEL_CARD.md gives its figures). CPU only; about 40 minutes of one core
# for training (longer on a busy machine), a few minutes for the rest.
#   1. training/.venv (pinned), 2. the pairs (data.py), 3. fine-tuning (train.py),
#   4. export to models/nli/ with the parity fixtures (export.py),
#   5. the model's answers for the verdict fit's claims (score_pairs.py), 6. npm run fit.
set -euo pipefail
cd "$(dirname "$0")"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 OMP_NUM_THREADS=1 TOKENIZERS_PARALLELISM=false
bash setup.sh
PY=.venv/bin/python
$PY data.py --seed 13
$PY train.py --steps 2200 --batch 16 --lr 5e-5 --warmup 0.06 --max-len 160 --threads 1 --eval-every 300 --seed 13 --out out/run1
$PY export.py --model out/run1 --out ../models/nli --per-channel \
  --fixtures ../test/fixtures/nli/parity.json --token-fixtures ../test/fixtures/nli/tokens.json
cd ..
mkdir -p training/out
# The fit's claims and the windows the model reads for each (the cache file, made anew: one left by an earlier run may hold other windows), then their pairs, scored as the runtime scores them.
rm -f training/out/fit-cache.json
node --import tsx scripts/fit-model.ts --cache training/out/fit-cache.json > /dev/null
node --import tsx scripts/fit/entailment.ts pairs training/out/fit-cache.json training/out/pairs.jsonl
rm -f training/out/scores.jsonl
training/.venv/bin/python training/score_pairs.py --model models/nli --pairs training/out/pairs.jsonl --out training/out/scores.jsonl
sort training/out/scores.jsonl | gzip -9 -n > test/fixtures/fit/entailment-scores.jsonl.gz
npm run fit -- --write --report docs/model.md
