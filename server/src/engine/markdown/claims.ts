/**
 * Decides whether a sentence of the draft reads as a factual claim, with general
 * English rules only (no names or topics from any corpus). A sentence is not a
 * claim when it is:
 * - a question or an exclamation (unless it reports one: `Putin asked, "Why?"`);
 * - the writer's own framing or signposting ("In this essay I…", "I want to…",
 *   "The next section turns to…", "Let us turn to…", "As discussed below");
 * - marked as the writer's opinion ("I think", "in my view"), outside quotations;
 * - an imperative addressed to the reader ("Consider…", "Note that…");
 * - an evaluation or a guess of the writer's, with no figure or date in it and
 *   not reported from anyone (see `isWritersJudgement`): a thing or an event
 *   judged with an adjective that Pattern's subjectivity lexicon rates
 *   subjective and polar ("The affair was a shameful episode."), or a guess
 *   made with a verb of seeming ("seems to have won") or a modal perfect ("must
 *   have known", "should have resigned"). A sentence with a figure or a date
 *   stays a claim, so that its figure and date are checked;
 * - a fragment: fewer than two words, or no verb at all ("Background.").
 *
 * Discourse openers ("As noted above,", "In conclusion,", "To sum up:") are
 * stripped first and the rest is judged on its own, so "In conclusion, the talks
 * failed." is a claim and "In conclusion." is not.
 *
 * The verb test uses wink-nlp's part-of-speech tags, loaded lazily once.
 */
import { isEnglishVerb } from "../nlp/english";
import { MONTHS, SAYING_VERBS } from "../nlp/lexicon";
import { isJudgementAdjective } from "../nlp/subjectivity";
import { wink as getWink } from "../nlp/wink";
import { BoundedMemo } from "../memo";
import { otherScript } from "../text/script";

const WORD = /[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*/gu;

/** Openers that frame what follows without adding to it; stripped before judging the rest. */
const DISCOURSE_OPENER = new RegExp(
  "^(?:" +
    [
      "as (?:(?:was|i|we|has been|have been|i have|we have|i've|we've) )?(?:noted|mentioned|discussed|argued|explained|shown|described|seen|said|stated|suggested|outlined|observed|pointed out|indicated)(?: (?:earlier|above|before|previously|below|later|elsewhere|in (?:the )?(?:previous|last|first|preceding|next|following) (?:section|chapter|part|paragraph)))?",
      "as we (?:have )?(?:seen|saw|know|will see|shall see)",
      "as (?:is|was) (?:well )?known",
      "to (?:sum|wrap) up", "in sum", "in short", "in brief", "in summary", "in conclusion", "in closing",
      "to conclude", "to recap", "to summari[sz]e", "summing up", "all in all", "in other words", "that said",
      "having said that", "with that in mind", "before turning to [^,]+", "turning (?:now )?to [^,]+",
      "first(?:ly)?", "second(?:ly)?", "third(?:ly)?", "finally", "lastly", "next", "then", "now", "so", "but",
      "and", "yet", "however", "moreover", "furthermore", "also", "indeed", "still", "of course", "here",
      "below", "above", "for now", "for a start", "to begin(?: with)?", "to start(?: with)?", "briefly",
      "again", "once again", "please",
    ].join("|") +
    ")(?:\\s*[,:;—–]\\s*|\\s+)",
  "iu",
);

/** The writer speaking of their own work or intentions. */
const FIRST_PERSON_FRAMING = new RegExp(
  "^(?:i|we)(?: \\w+ly)? (?:" +
    [
      "want", "wanted", "would like", "'d like", "wish", "intend", "aim", "hope", "propose", "plan", "try", "tried",
      "seek", "set out", "shall", "will", "'ll", "am going", "are going", "'m going", "'re going", "argue",
      "argued", "have argued", "'ve argued", "contend", "suggest", "maintain", "focus", "begin", "start",
      "turn", "return", "look", "examine", "explore", "discuss", "consider", "ask", "wonder", "note", "noted",
      "have noted", "mention", "mentioned", "have mentioned", "show", "showed", "have shown", "have seen",
      "saw", "see", "can see", "must", "need", "should", "could", "can", "might", "may", "now", "then",
      "first", "also", "conclude", "close", "end", "summari[sz]e", "outline", "review", "sketch", "trace",
      "describe", "use", "refer", "mean", "define", "leave", "call", "am interested", "are interested",
      "am concerned", "are concerned", "would argue", "'d argue", "would say", "'d say", "think", "believe",
      "feel", "suspect", "guess", "reckon", "doubt", "suppose", "am convinced", "am sure", "am not sure",
    ].join("|") +
    ")\\b",
  "iu",
);

/** Opinion markers anywhere outside quotations. */
const OPINION =
  /\b(?:(?:i|we) (?:really |strongly |personally |honestly |firmly |do )?(?:think|believe|feel|suspect|guess|reckon|doubt|would argue|'d argue|am convinced|am sure)|in (?:my|our) (?:view|opinion|judge?ment|estimation|mind)|to (?:my|our) mind|it seems to me|if you ask me|personally|imho)\b/iu;

const OWN_AIM =
  /^(?:my|our) (?:aim|goal|purpose|argument|focus|question|concern|point|interest|intention|task|thesis|contention|hunch|guess|sense|view|starting point)\b/iu;

const LET = /^(?:let us|let's|let me|lets)\b/iu;

const SELF_NOUNS =
  "essay|piece|article|section|chapter|part|post|paper|column|newsletter|blog post|blog|entry|paragraph|passage|pages?|sections|chapters|parts|paragraphs|thread";
/** "This essay…", "The next section…", "In the following pages…" (but not "the first section of the treaty"). */
const SELF_REFERENCE = new RegExp(
  "^(?:(?:in|throughout|over|across|for|with|by the end of|at the end of|below|above)\\s+)?" +
    "(?:this|these|the present|the (?:next|following|previous|preceding|last|final|first|second|third|fourth|fifth|remaining|concluding|opening|closing)|the rest of (?:this|the))\\s+" +
    `(?:${SELF_NOUNS})\\b(?!\\s+(?:of|by|from|on|in)\\b)`,
  "iu",
);

const WHAT_FOLLOWS = /^(?:what follows|the following|more on (?:this|that))\b/iu;

const CROSS_REFERENCE =
  /\b(?:discussed|explained|described|examined|addressed|covered|explored|considered|outlined|shown|noted|mentioned|detailed|treated|returned to|developed)\s+(?:below|above|later|earlier|in (?:the )?(?:next|previous|following|preceding|last|first|final) (?:section|chapter|part))\b/iu;

/** Verbs commonly used to address the reader at the start of a sentence. */
const IMPERATIVES = new Set([
  "consider", "note", "notice", "remember", "recall", "imagine", "picture", "suppose", "assume", "look", "see",
  "compare", "contrast", "think", "take", "observe", "keep", "bear", "mind", "read", "watch", "listen", "check",
  "click", "subscribe", "follow", "share", "join", "sign", "try", "ask", "go", "turn", "forget", "meet",
  "consult", "refer", "visit", "contact", "email", "tell", "beware", "reflect", "judge", "decide", "guess",
  "wait", "don't", "dont", "do", "never", "skip", "spare", "stop", "start", "begin", "remember", "understand",
]);

/** Base-form verbs that also open participle phrases ("Put simply, …", "Set up in 2002, …"): not imperatives by tag alone. */
const PARTICIPLE_LIKE = new Set([
  "put", "set", "cut", "hit", "spread", "shut", "cast", "cost", "hurt", "split", "burst", "quit", "bid", "beat",
  "broadcast", "forecast", "run", "come", "become", "overcome", "read", "upset", "let", "bet", "thrust",
]);

/** Finite verbs that the tagger sometimes reads as nouns. */
const COMMON_VERBS = new Set([
  "is", "are", "was", "were", "be", "been", "has", "have", "had", "do", "does", "did", "will", "would", "can",
  "could", "shall", "should", "may", "might", "must", "said", "says", "spread", "met", "told", "went", "came",
  "held", "led", "fell", "rose", "won", "lost", "left", "sent", "set", "put", "cut", "hit", "made", "took",
  "gave", "saw", "paid", "sold", "bought", "built", "began", "became", "broke", "brought", "fought", "found",
  "grew", "kept", "knew", "meant", "ran", "stood", "spoke", "struck", "thought", "wrote", "burst", "bore",
  "drew", "drove", "fled", "flew", "forgot", "froze", "got", "hid", "hung", "laid", "lay", "lent", "lit", "rang",
  "rode", "sang", "sank", "shook", "shot", "shrank", "slid", "sought", "spent", "split", "sprang", "stole", "stuck",
  "swore", "swept", "swam", "taught", "threw", "tore", "understood", "woke", "wore", "wound", "withdrew", "ate",
  "bled", "bred", "caught", "chose", "clung", "crept", "dealt", "dug", "dove", "felt", "fed", "forbade", "forgave",
  "heard", "knelt", "leapt", "meant", "overtook", "quit", "rebuilt", "sat", "slept", "sped", "spun", "strove",
  "underwent", "upheld", "wept", "won", "wrung",
]);

/** A question or exclamation, unless it sits in a quotation that the sentence attributes ("…," he asked). */
function isQuestionOrExclamation(s: string): boolean {
  const core = s.replace(/[\s"'”’»)\]*_]+$/u, "");
  const last = core[core.length - 1];
  if (last !== "?" && last !== "!" && last !== "‽" && last !== "؟") return false;
  const closedByQuote = /["”’»']/u.test(s.slice(core.length));
  if (!closedByQuote) return true;
  // `Putin asked, "Why should we pay?"`: the quotation opens after some words of the sentence.
  // A single quotation mark opens one only after a space or a colon: "she's" holds an apostrophe, not a quotation.
  const single = [...core.matchAll(/(?<=^|[\s:(])'/gu)].pop()?.index ?? -1;
  const open = Math.max(core.lastIndexOf("\u201c"), core.lastIndexOf('"'), core.lastIndexOf("«"), core.lastIndexOf("\u2018"), single);
  return !(open > 0 && /[\p{L}]{2,}/u.test(core.slice(0, open)));
}

/** The sentence with quoted stretches replaced by a placeholder, so a quoted "I think" is not the writer's. */
function withoutQuotations(s: string): string {
  return s
    .replace(/\u201c[^\u201d]*(?:\u201d|$)/gu, " Q ")
    .replace(/"[^"]*(?:"|$)/gu, " Q ")
    .replace(/«[^»]*(?:»|$)/gu, " Q ")
    .replace(/(^|\s)\u2018[^\u2019]*\u2019(?=[\s,.;:!?]|$)/gu, "$1 Q ");
}

function stripOpeners(s: string): string {
  let rest = s;
  for (let i = 0; i < 4; i++) {
    const m = DISCOURSE_OPENER.exec(rest);
    if (!m) break;
    rest = rest.slice(m[0].length);
  }
  return rest;
}

/** Asides that address the reader or stage the text ("Here is the timeline.", "It is worth asking whether…"). */
const WRITER_ASIDE = /^(?:here (?:is|are|was|were)\b|it is worth (?:asking|noting|remembering|recalling|considering|adding|stressing)\b|it bears (?:repeating|noting|mentioning)\b|(?:one|we) might (?:ask|wonder|say)\b)/iu;

/** Closed-class English words, not counted as content. */
const FUNCTION_WORDS = new Set(
  "a an the this that these those it its is are was were be been being has have had do does did will would can could should may might must shall of in on at to for from by with as and or but not no so than then there here what which who whom whose how why when where i we you he she they me us him her them my our your his their".split(" "),
);

/** Whether a plain-text sentence of the draft reads as a factual claim. */
export function isClaimSentence(plain: string): boolean {
  if (typeof plain !== "string") return false;
  // Every edit parses the whole draft again; each sentence's answer is kept (it depends on its text alone).
  return claimMemo.get(plain, decideClaim);
}

const claimMemo = new BoundedMemo<boolean>(50_000);

function decideClaim(plain: string): boolean {
  const s = plain.trim().replace(/\s+/gu, " ");
  if (s.length === 0) return false;
  if (isQuestionOrExclamation(s)) return false;
  // The tests below read English words and grammar: a sentence written mostly in another script is checked
  // (against sources in its language it may be supported; against others it is unsupported), never dropped unseen.
  if (otherScript(s)) return true;
  const words = s.match(WORD) ?? [];
  if (words.length < 2) return false;

  const unquoted = withoutQuotations(s).replace(/’/gu, "'").trim();
  if (OPINION.test(unquoted)) return false;
  const rest = stripOpeners(unquoted);
  if (CROSS_REFERENCE.test(rest)) return false;
  if (!/[\p{L}\p{N}]/u.test(rest)) return false;
  if (
    FIRST_PERSON_FRAMING.test(rest) ||
    OWN_AIM.test(rest) ||
    LET.test(rest) ||
    SELF_REFERENCE.test(rest) ||
    SELF_REFERENCE.test(unquoted) ||
    WHAT_FOLLOWS.test(rest)
  ) {
    return false;
  }
  if (WRITER_ASIDE.test(rest)) return false;
  const restWords = rest.match(WORD) ?? [];
  if (restWords.length === 0) return false;
  // Nothing to check: a copula, at most two content words and no name, figure or date ("The answer is complicated.").
  const content = restWords.filter((w) => !FUNCTION_WORDS.has(w.toLowerCase()));
  if (
    content.length <= 2 && /\b(?:is|are|was|were|seems?|remains?)\b/i.test(rest) &&
    !/\d/.test(rest) && !restWords.slice(1).some((w) => /^\p{Lu}/u.test(w))
  ) return false;
  const tagged = tag(rest);
  if (!tagged) return true;
  const verb = hasVerbAndIsNotImperative(tagged);
  if (!verb) return false;
  // A quotation in the sentence (replaced in `unquoted`) is someone's words: a judgement in or beside it is reported.
  const quotes = unquoted !== s.replace(/’/gu, "'");
  return !isWritersJudgement(tagged, quotes);
}

/** Modals that, with "have" and a participle, guess or judge what happened ("must have known", "should have resigned"); not "could have" or "would have", which say what did not happen. */
const MODALS = new Set(["may", "might", "must", "should"]);
const SEEMING = new Set(["seem", "appear"]);
/** Verbs that link a subject to what is said of it ("was", "seems", "remains", "proved"). */
const COPULAS = new Set(["be", "seem", "appear", "look", "sound", "remain", "become", "prove", "feel"]);

/**
 * Whether the complement that starts at `from` (after a copula) passes a judgement:
 * a judgement adjective within it, before any verb, preposition or clause
 * ("was disgraceful", "is a truly shameful episode"; not "was in strong demand").
 */
function judgedComplement(lower: readonly string[], pos: readonly string[], from: number): boolean {
  // "is the latest in a series", "was the largest employer": a definite description identifies rather than judges.
  if (lower[from] === "the") return false;
  // "looks like a gamble", "seems like a mistake": the comparison is the complement.
  if (lower[from] === "like") from++;
  for (let j = from; j < Math.min(lower.length, from + 5); j++) {
    if (pos[j] === "ADJ" && isJudgementAdjective(lower[j])) return true;
    if (!["DET", "ADV", "ADJ", "NOUN", "PART", "CCONJ"].includes(pos[j])) return false;
  }
  return false;
}

const DAY_OR_MONTH = new Set([...MONTHS, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]);

/**
 * Whether a sentence is the writer's evaluation or guess rather than a fact to
 * check. It must carry no figure and no date (those are checked), quote no one
 * and report no one ("critics said…", "according to"): a judgement someone made
 * is a fact about them. Then either an adjective passes a judgement by the
 * subjectivity lexicon, or the sentence hedges its main point.
 */
function isWritersJudgement({ tokens, pos, lemmas }: Tagged, quotes: boolean): boolean {
  if (quotes) return false;
  const lower = tokens.map((t) => t.toLowerCase());
  for (let i = 0; i < tokens.length; i++) {
    if (/\p{N}/u.test(tokens[i]) || pos[i] === "NUM" || (DAY_OR_MONTH.has(lower[i]) && pos[i] === "PROPN")) return false;
    if (SAYING_VERBS.has(lemmas[i]) || SAYING_VERBS.has(lower[i])) return false;
    if (lower[i] === "according" && lower[i + 1] === "to") return false;
  }
  for (let i = 0; i < tokens.length; i++) {
    // Only the main clause is the writer's: after a verb ("The court ruled that…", "Analysts think…") the judgement is someone else's.
    // (An infinitive or an -ing form is no clause of its own: "The decision to close…", "The council's handling…".)
    const finite = (pos[i] === "VERB" || pos[i] === "AUX") && lower[i - 1] !== "to" && !lower[i].endsWith("ing");
    if (finite && i > 0 && !COPULAS.has(lemmas[i]) && !MODALS.has(lower[i])) return false;
    // A name's state ("Wenger is happy") is something someone reported: only a thing or an event is judged.
    if (COPULAS.has(lemmas[i]) && pos[i - 1] !== "PROPN" && judgedComplement(lower, pos, i + 1)) return true;
    if (SEEMING.has(lemmas[i]) && lower[i + 1] === "to") return true;
    if (MODALS.has(lower[i]) && lower[i + 1] === "have" && (pos[i + 2] === "VERB" || pos[i + 2] === "AUX")) return true;
  }
  return false;
}

/**
 * Whether the sentence's first word is its subject rather than a verb to the
 * reader: a name follows it ("Grant Shapps resigned", "Abase Hussen took…")
 * and a verb in a tense comes later, or the word after it is such a verb
 * ("Judge ordered Allen to pay…"). "Visit London today." has neither.
 */
function subjectFirst(tokens: readonly string[], pos: readonly string[], lemmas: readonly string[], first: number): boolean {
  const inflected = (i: number) => (pos[i] === "VERB" || pos[i] === "AUX") && lemmas[i] !== tokens[i].toLowerCase();
  if (first + 1 < tokens.length && (inflected(first + 1) || /^(?:is|was|are|were|has|had)$/iu.test(tokens[first + 1]))) return true;
  if (!/^\p{Lu}/u.test(tokens[first + 1] ?? "")) return false;
  // "Miss Robertson's parents have…": a name owns what follows, so the first word is no verb to the reader.
  if (/^['’]s$/u.test(tokens[first + 2] ?? "")) return true;
  // The verb must be the main clause's: "Visit London before the summer ends." is still an imperative.
  for (let i = first + 2; i < tokens.length && pos[i] !== "SCONJ" && !SUBORDINATORS.has(tokens[i].toLowerCase()); i++) if (inflected(i)) return true;
  return false;
}

/**
 * A verb the tagger took for a noun between its subject and its object: a
 * word in small letters that English has as a verb, after a name or noun and
 * before a name, a determiner, a figure or a preposition ("Manchester City
 * face West Ham on Sunday", "Arsenal travel to Burnley", "The story features
 * Steven Berkoff"). It decides only a sentence with no verb tagged as one
 * (a tagged verb before or after it makes the sentence a claim anyway).
 */
function verbBetween(tokens: readonly string[], pos: readonly string[], i: number): boolean {
  // A word that opens the sentence may be a verb to the reader itself ("Post pictures of…"), capitalised or not.
  const opens = i - 1 === 0 || pos[i - 2] === "PUNCT";
  const subject = (pos[i - 1] === "PROPN" || pos[i - 1] === "NOUN") && !(opens && isEnglishVerb(tokens[i - 1].toLowerCase()));
  return subject && pos[i] === "NOUN" && tokens[i] === tokens[i].toLowerCase() &&
    ["PROPN", "DET", "NUM", "ADP"].includes(pos[i + 1] ?? "") && isEnglishVerb(tokens[i]);
}

/** Words that open a subordinate clause, whose verb is not the sentence's own. */
const SUBORDINATORS = new Set(["before", "after", "until", "when", "while", "if", "because", "as", "since", "unless", "once", "who", "which", "that", "where", "whose", "whom"]);

interface Tagged {
  tokens: string[];
  pos: string[];
  lemmas: string[];
}

/** The sentence's words with wink-nlp's part-of-speech tags and lemmas; undefined when it is too long to be worth tagging or the tagger fails. */
function tag(text: string): Tagged | undefined {
  // Very long sentences are prose by construction; tagging them is not worth the time.
  if (text.length > 2000) return undefined;
  try {
    const wink = getWink();
    const doc = wink.readDoc(text);
    return {
      tokens: doc.tokens().out() as string[],
      pos: doc.tokens().out(wink.its.pos) as string[],
      lemmas: doc.tokens().out(wink.its.lemma as never) as string[],
    };
  } catch {
    return undefined;
  }
}

/**
 * False when the sentence opens with a bare verb addressed to the reader,
 * true when it has a verb, undefined when the tagger finds none.
 */
function hasVerbAndIsNotImperative({ tokens, pos, lemmas }: Tagged): boolean | undefined {
  let first = 0;
  while (first < tokens.length && pos[first] === "PUNCT") first++;
  if (first >= tokens.length) return undefined;
  const subject = subjectFirst(tokens, pos, lemmas, first);
  if (IMPERATIVES.has(tokens[first].toLowerCase()) && !subject) return false;
  if (pos[first] === "VERB" && !subject) {
    const lower = tokens[first].toLowerCase();
    const next = pos[first + 1];
    if (lemmas[first] === lower && !PARTICIPLE_LIKE.has(lower) && next !== "VERB" && next !== "AUX" && next !== "PUNCT") {
      return false;
    }
  }
  for (let i = 0; i < tokens.length; i++) {
    if (pos[i] === "VERB" || pos[i] === "AUX") return true;
    // A verb the tagger took for a plural noun: "The budget cuts four bus routes."
    if (i > 0 && pos[i] === "NOUN" && /s$/.test(tokens[i]) && (pos[i - 1] === "NOUN" || pos[i - 1] === "PROPN") && ["NUM", "DET"].includes(pos[i + 1] ?? "")) return true;
    const lower = tokens[i].toLowerCase();
    if (i > 0 && verbBetween(tokens, pos, i)) return true;
    if (COMMON_VERBS.has(lower)) return true;
    if (i > 0 && lower === tokens[i] && lower.length > 4 && lower.endsWith("ed")) return true;
  }
  return undefined;
}
