/**
 * Tests of the Markdown layer: which text is prose, how plain text maps back to
 * the draft, citations, ignore comments, and whether each sentence is a claim.
 *
 * `fixtures/markdown/claims.md` labels every sentence inline with a comment
 * right after it (`<!-- claim -->` or `<!-- not-claim -->`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { analyzeDraft, isClaimSentence } from "../server/src/engine/markdown/draft";
import { applyEdits, ignoreEdit } from "../server/src/engine/edits/citations";
import { ignoreComment } from "../server/src/engine/markdown/ignore";
import { contextOf } from "../server/src/engine/check";
import type { DraftAnalysis, DraftSentence } from "../server/src/engine/markdown/types";
import { wink } from "../server/src/engine/nlp/wink";
import { adjectiveSubjectivity, isJudgementAdjective } from "../server/src/engine/nlp/subjectivity";
import subjectivityTable from "../server/src/engine/nlp/generated/subjectivity.json";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", "markdown", name), "utf8");
const off = { checkHeadings: false };
const on = { checkHeadings: true };
const plains = (a: DraftAnalysis) => a.sentences.map((s) => s.plain);
const find = (a: DraftAnalysis, start: string): DraftSentence => {
  const s = a.sentences.find((x) => x.plain.startsWith(start));
  assert.ok(s, `no sentence starts with ${JSON.stringify(start)}; have ${JSON.stringify(plains(a))}`);
  return s;
};

function isLowSurrogate(text: string, offset: number): boolean {
  const c = text.charCodeAt(offset);
  return c >= 0xdc00 && c <= 0xdfff && offset > 0 && text.charCodeAt(offset - 1) >= 0xd800 && text.charCodeAt(offset - 1) <= 0xdbff;
}

/** The invariants every analysis must keep, whatever the draft. */
function checkInvariants(draft: string, a: DraftAnalysis): void {
  let previous = -1;
  for (const s of a.sentences) {
    assert.ok(s.span.start >= 0 && s.span.start <= s.span.end && s.span.end <= draft.length, "span inside the draft");
    assert.ok(s.span.start >= previous, "sentences in draft order");
    previous = s.span.start;
    assert.ok(!isLowSurrogate(draft, s.span.start) && !isLowSurrogate(draft, s.span.end), "span at code-point boundaries");
    assert.equal(s.offsets.length, s.plain.length + 1, "one offset per plain character, plus the end");
    assert.equal(s.offsets[s.plain.length], s.span.end, "last offset is span.end");
    assert.equal(s.plain, s.plain.trim(), "plain is trimmed");
    assert.ok(!/\s\s/.test(s.plain), "white space folded");
    for (let i = 0; i < s.plain.length; i++) {
      assert.ok(s.offsets[i] >= s.span.start && s.offsets[i] <= s.span.end, "offset inside the span");
      const ch = s.plain[i];
      // Character references (`&amp;`) map to their `&`; every other visible character maps to itself.
      if (!/\s/.test(ch) && draft[s.offsets[i]] !== "&" && !(ch === "\ufffd" && draft[s.offsets[i]] === "\0")) {
        if (draft[s.offsets[i]] !== ch) assert.fail(`offsets[${i}] of ${JSON.stringify(s.plain.slice(0, 200))}`);
      }
    }
    for (const c of s.citations) assert.ok(c.span.start < c.span.end && c.span.end <= draft.length, "citation span");
  }
}

// ---------------------------------------------------------------------------
// Claim-ness

test("claims fixture: every sentence is labelled and classified as labelled", () => {
  const draft = fixture("claims.md");
  const a = analyzeDraft(draft, off);
  checkInvariants(draft, a);
  const labels = [...draft.matchAll(/<!-- (claim|not-claim) -->/g)];
  assert.ok(labels.length >= 40, `at least 40 labelled sentences (have ${labels.length})`);
  const wrong: string[] = [];
  for (const label of labels) {
    // The labelled sentence is the last one that ends before the comment.
    const before = a.sentences.filter((s) => s.span.end <= label.index);
    const s = before[before.length - 1];
    assert.ok(s, `no sentence before label at ${label.index}`);
    const expected = label[1] === "claim";
    if (s.isClaim !== expected) wrong.push(`${label[1]}: ${s.plain}`);
    // The exported predicate agrees with the pipeline.
    assert.equal(isClaimSentence(s.plain), s.isClaim);
  }
  assert.equal(a.sentences.length, labels.length, `every sentence is labelled: ${JSON.stringify(plains(a))}`);
  assert.deepEqual(wrong, []);
});

test("isClaimSentence: the examples from the brief", () => {
  for (const s of [
    "Putin held talks in the Kremlin with the leaders of Armenia, Belarus, Kazakhstan, Kyrgyzstan and Tajikistan.",
    "The conflict in Syria had lasted 12 months.",
    "Peskov spoke to the state news channel Vesti.",
    "Russia ended its energy subsidies to Ukraine, Belarus and Moldova.",
  ]) {
    assert.equal(isClaimSentence(s), true, s);
  }
  for (const s of [
    "In this piece I want to look back at the integration debate.",
    "Why does any of this matter today?",
    "The next section turns to Ukraine.",
    "",
    "   ",
    "Yes.",
  ]) {
    assert.equal(isClaimSentence(s), false, s);
  }
});

test("subjectivity lexicon: every adjective rated in range, Object.prototype names are no adjectives", () => {
  const words = Object.keys(subjectivityTable.adjectives);
  assert.ok(words.length > 3000, `${words.length} adjectives`);
  for (const w of words) {
    const r = adjectiveSubjectivity(w)!;
    assert.ok(/^[a-z]+$/.test(w) && r.subjectivity >= 0 && r.subjectivity <= 1 && Math.abs(r.polarity) <= 1, w);
  }
  for (const name of Object.getOwnPropertyNames(Object.prototype)) {
    assert.equal(adjectiveSubjectivity(name), undefined, name);
    assert.equal(isJudgementAdjective(name), false, name);
  }
  // Judgements, and words that describe without judging.
  for (const w of ["shameful", "brilliant", "terrible", "foolish", "unfair"]) assert.ok(isJudgementAdjective(w), w);
  for (const w of ["russian", "former", "economic", "military", "likely", "annual"]) assert.equal(isJudgementAdjective(w), false, w);
});

test("judgement: every lexicon adjective in a judging frame is the writer's; reported, dated or counted it is a claim", () => {
  // The whole lexicon through the same frames: no word may crash the rule or turn a reported, dated or counted sentence into an opinion.
  for (const w of Object.keys(subjectivityTable.adjectives)) {
    for (const frame of [`Critics said the plan was ${w}.`, `The plan was ${w} in 2019.`, `The 12 plans were ${w}.`]) {
      assert.equal(isClaimSentence(frame), true, frame);
    }
  }
  // Every judgement adjective the tagger reads as an adjective there makes the sentence a judgement
  // (one it reads as a participle, "was annoyed", says what befell the plan and stays a claim).
  const w8 = wink();
  const missed: string[] = [];
  let judged = 0;
  for (const w of Object.keys(subjectivityTable.adjectives).filter(isJudgementAdjective)) {
    const sentence = `The plan for the new harbour was ${w}.`;
    const doc = w8.readDoc(sentence);
    if ((doc.tokens().out(w8.its.pos) as string[])[7] !== "ADJ") continue;
    judged++;
    if (isClaimSentence(sentence)) missed.push(w);
  }
  assert.ok(judged > 800, `${judged} adjectives tagged as such`);
  assert.deepEqual(missed, []);
});

// ---------------------------------------------------------------------------
// What is prose

test("structure: code, HTML, front matter, definitions and URLs are never checked", () => {
  const draft = fixture("structure.md");
  const a = analyzeDraft(draft, off);
  checkInvariants(draft, a);
  for (const s of a.sentences) assert.ok(!/forbidden|example\.com/i.test(s.plain), `not prose: ${s.plain}`);
  assert.deepEqual(plains(a), [
    "The port reopened in May after a two-year closure.",
    "Cargo volumes rose by a third.",
    "Code is never prose: stays out, and so does this.",
    "The mayor said the decision was final.",
    "She declined to give a date.",
    "The first shipment arrived on a Monday.",
    "A second list item mentions 40 containers.",
    "A nested item says the crane broke down.",
    "An ordered item says the unions agreed.",
    "Year",
    "Event",
    "2019",
    "The port closed after a fire.",
    "2021",
    "It reopened with new cranes.",
    "See the harbour report for details.",
  ]);
  assert.deepEqual(
    a.sentences.map((s) => s.block),
    ["paragraph", "paragraph", "paragraph", "blockquote", "blockquote", "listItem", "listItem", "listItem", "listItem",
      "tableCell", "tableCell", "tableCell", "tableCell", "tableCell", "tableCell", "paragraph"],
  );
  assert.deepEqual(
    a.sentences.filter((s) => s.block === "tableCell").map((s) => s.isClaim),
    [false, false, false, true, false, true],
  );
});

test("structure: front matter span and data", () => {
  const draft = fixture("structure.md");
  const a = analyzeDraft(draft, off);
  assert.ok(a.frontMatter);
  assert.equal(a.frontMatter.start, 0);
  assert.ok(draft.slice(a.frontMatter.start, a.frontMatter.end).endsWith("---"));
  assert.deepEqual(a.frontMatterData, { title: "Structure fixture", bibliography: "refs.bib", tags: ["one", "two"] });
  assert.deepEqual(analyzeDraft("---\n: : [bad\n---\nText is here.\n", off).frontMatterData, {});
  assert.equal(analyzeDraft("No front matter here.\n", off).frontMatter, null);
});

test("headings are checked only when asked", () => {
  const draft = fixture("structure.md");
  const withHeadings = analyzeDraft(draft, on);
  const heading = withHeadings.sentences.find((s) => s.block === "heading");
  assert.ok(heading);
  assert.equal(heading.plain, "A heading that states a fact: the port reopened in May");
  assert.equal(draft.slice(heading.span.start, heading.span.end), heading.plain);
  assert.equal(analyzeDraft(draft, off).sentences.some((s) => s.block === "heading"), false);
  assert.equal(withHeadings.sentences.length, analyzeDraft(draft, off).sentences.length + 1);
});

// ---------------------------------------------------------------------------
// Mapping back to the draft

test("emphasis and links: the span maps back exactly, link text kept and URL dropped", () => {
  const draft = "Intro.\n\nThe port reopened in **May** after a [two-year](http://x) closure. Next one.\n";
  const a = analyzeDraft(draft, off);
  checkInvariants(draft, a);
  const s = find(a, "The port");
  assert.equal(s.plain, "The port reopened in May after a two-year closure.");
  assert.equal(draft.slice(s.span.start, s.span.end), "The port reopened in **May** after a [two-year](http://x) closure.");
  assert.equal(s.offsets[s.plain.indexOf("May")], draft.indexOf("May"));
  assert.equal(s.offsets[s.plain.indexOf("two-year")], draft.indexOf("two-year"));
});

test("closing emphasis markers and link tails belong to the sentence span", () => {
  const draft = "*The port reopened in May.* It closed in [June](http://x)\n";
  const a = analyzeDraft(draft, off);
  assert.deepEqual(
    a.sentences.map((s) => draft.slice(s.span.start, s.span.end)),
    ["*The port reopened in May.*", "It closed in [June](http://x)"],
  );
  const b = "He said **it was over.** Then he left.";
  assert.deepEqual(analyzeDraft(b, off).sentences.map((s) => b.slice(s.span.start, s.span.end)), ["He said **it was over.**", "Then he left."]);
});

test("inline code is dropped and leaves no stray space before punctuation", () => {
  const a = analyzeDraft("The flag `--force` deletes files `x`.\n", off);
  assert.deepEqual(plains(a), ["The flag deletes files."]);
});

test("escapes and character references map to the draft", () => {
  const draft = "Prices rose 5\\* and R&amp;D fell &mdash; sharply.\n";
  const a = analyzeDraft(draft, off);
  checkInvariants(draft, a);
  assert.equal(a.sentences[0].plain, "Prices rose 5* and R&D fell \u2014 sharply.");
  assert.equal(draft.slice(a.sentences[0].span.start, a.sentences[0].span.end), draft.trim());
});

test("offsets: property over generated Markdown", () => {
  const piece = fc.constantFrom(
    "The port reopened.", " ", "\n", "\r\n", "\n\n", "**", "*", "_", "~~", "`", "[", "]", "(http://x)", "[link](http://a.b)",
    "> ", "- ", "1. ", "# ", "| a | b |\n|---|---|\n| c | d |\n", "[^1]", "[@key]", "@key", "https://x.y/z", "U.S.", "3.5",
    "\u{1F389}", "\u05E9\u05DC\u05D5\u05DD", "\u0645\u0631\u062D\u0628\u0627", "?", "!", "...", "\u2026", "\"", "\u201c", "\u201d",
    "&amp;", "\\*", "<!-- grounded-disable -->", "<!-- grounded-ignore-next-line -->", "```\n", "    ", "\t", "---\n",
    "<b>", "He said no.", "Dr. Smith left.", "\ud800", "\udc00", "[^1]: note", "[x]: http://y",
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 60 }), fc.boolean(), (parts, headings) => {
      const draft = parts.join("");
      checkInvariants(draft, analyzeDraft(draft, { checkHeadings: headings }));
    }),
    { numRuns: 400, seed: 20261201 },
  );
});

test("offsets: property over arbitrary strings (never throws)", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 200 }), (draft) => {
      checkInvariants(draft, analyzeDraft(draft, off));
    }),
    { numRuns: 300, seed: 20261202 },
  );
});

// ---------------------------------------------------------------------------
// Citations

test("footnote references become citations of their sentence; definitions are collected", () => {
  const draft = fixture("structure.md");
  const a = analyzeDraft(draft, off);
  const s = find(a, "The port reopened");
  assert.deepEqual(
    s.citations.map((c) => [c.kind, c.key, draft.slice(c.span.start, c.span.end)]),
    [["footnote", "port", "[^port]"]],
  );
  const p = find(a, "Cargo volumes");
  assert.deepEqual(
    p.citations.map((c) => [c.kind, c.key, draft.slice(c.span.start, c.span.end)]),
    [["pandoc", "harbour2020", "[@harbour2020, p. 4]"]],
  );
  assert.equal(a.footnotes.length, 1);
  const f = a.footnotes[0];
  assert.equal(f.key, "port");
  assert.equal(f.url, "https://example.com/gazette");
  assert.ok(draft.slice(f.span.start, f.span.end).startsWith("[^port]: Harbour Gazette"));
  assert.ok(f.text.startsWith("Harbour Gazette, 3 May 2021, https://example.com/gazette."));
});

test("citations after closing punctuation belong to the sentence before them", () => {
  const draft = "The talks failed.[^a] The envoy left [^b]. A deal followed. [1](http://src/1) Officials said so. https://news.example/x\n\n[^a]: A.\n[^b]: B.\n";
  const a = analyzeDraft(draft, off);
  checkInvariants(draft, a);
  assert.deepEqual(plains(a), ["The talks failed.", "The envoy left.", "A deal followed.", "Officials said so."]);
  assert.deepEqual(
    a.sentences.map((s) => s.citations.map((c) => `${c.kind}:${c.key}`)),
    [["footnote:a"], ["footnote:b"], ["link:http://src/1"], ["link:https://news.example/x"]],
  );
});

test("pandoc citations in brackets and in running text are removed and recorded", () => {
  const draft = "Exports grew [see @smith2020, p. 3; @jones-2019]. As @lee_2018 shows, imports fell. Write to ann@example.org today.\n";
  const a = analyzeDraft(draft, off);
  checkInvariants(draft, a);
  assert.deepEqual(plains(a), ["Exports grew.", "As shows, imports fell.", "Write to ann@example.org today."]);
  assert.deepEqual(a.sentences[0].citations.map((c) => c.key), ["smith2020", "jones-2019"]);
  assert.deepEqual(a.sentences[1].citations.map((c) => [c.kind, c.key]), [["pandoc", "lee_2018"]]);
  assert.deepEqual(a.sentences[2].citations, []);
});

test("a link with ordinary text is kept as prose, not a citation", () => {
  const a = analyzeDraft("The [central bank](https://bank.example) cut rates.\n", off);
  assert.deepEqual(plains(a), ["The central bank cut rates."]);
  assert.deepEqual(a.sentences[0].citations, []);
});

// ---------------------------------------------------------------------------
// Ignore comments

test("ignore comments: next line and disable/enable regions", () => {
  const draft = [
    "The first claim stands.",
    "",
    "<!-- grounded-ignore-next-line -->",
    "",
    "The ignored claim was made. So was this one,",
    "which continues the paragraph.",
    "",
    "The checked claim was made.",
    "",
    "<!-- grounded-disable -->",
    "",
    "A disabled claim was made.",
    "",
    "- A disabled list item was made.",
    "",
    "<!-- grounded-enable -->",
    "",
    "The last claim was made.",
    "",
  ].join("\n");
  const a = analyzeDraft(draft, off);
  assert.deepEqual(
    a.sentences.map((s) => [s.plain, s.ignored]),
    [
      ["The first claim stands.", false],
      ["The ignored claim was made.", true],
      ["So was this one, which continues the paragraph.", true],
      ["The checked claim was made.", false],
      ["A disabled claim was made.", true],
      ["A disabled list item was made.", true],
      ["The last claim was made.", false],
    ],
  );
});

test("ignore comments inside code blocks do nothing; an unclosed disable runs to the end", () => {
  const a = analyzeDraft("```\n<!-- grounded-disable -->\n```\n\nThe claim was made.\n", off);
  assert.deepEqual(a.sentences.map((s) => s.ignored), [false]);
  const b = analyzeDraft("The claim was made.\n\n<!-- grounded-disable -->\n\nThis was made too.\n", off);
  assert.deepEqual(b.sentences.map((s) => s.ignored), [false, true]);
});

const ignoredOf = (draft: string) => {
  const a = analyzeDraft(draft, off);
  return { ignored: a.sentences.filter((x) => x.ignored).map((x) => x.plain), count: a.ignoredClaims };
};

const MILL = "The mill opened in 1901. It employed forty weavers from the valley. Its owner, Ada Brenn, sold it in 1932.";

test("a comment naming a claim ignores that sentence alone, not the rest of its line", () => {
  const draft = `Intro paragraph here.\n\n${ignoreComment("It employed forty weavers from the valley.")}\n${MILL}\n`;
  assert.match(draft, /<!-- grounded-ignore: "It employed forty weavers from the valley\." -->/);
  assert.deepEqual(ignoredOf(draft), { ignored: ["It employed forty weavers from the valley."], count: 1 });
  // Written by hand: its first words and an ellipsis, curly quotes, other case and spacing.
  assert.deepEqual(ignoredOf(`<!-- grounded-ignore: \u201cits  OWNER, ada brenn\u2026\u201d -->\n${MILL}\n`).ignored, ["Its owner, Ada Brenn, sold it in 1932."]);
  // A name that matches no sentence of the paragraph ignores nothing.
  assert.deepEqual(ignoredOf(`<!-- grounded-ignore: "The mill closed in 1901." -->\n${MILL}\n`), { ignored: [], count: 0 });
});

test("a named ignore survives edits to the paragraph's other sentences and the paragraph's move; an edit to the sentence brings it back", () => {
  const long = "Its owner, Ada Brenn, sold it to a cooperative of weavers from the lower valley in 1932.";
  const paragraph = `The mill opened in 1901. ${long} It closed in 1970.`;
  const draft = `# Mill\n\nA first paragraph.\n\n${paragraph}\n\nA last paragraph.\n`;
  const at = draft.indexOf(long);
  const ignored = applyEdits(draft, [ignoreEdit(draft, { start: at, end: at + long.length }, long)]);
  assert.match(ignored, /<!-- grounded-ignore: "Its owner, Ada Brenn, sold it to a…" #[0-9a-f]{8} -->\nThe mill opened/);
  assert.deepEqual(ignoredOf(ignored).ignored, [long]);
  // Another sentence of the paragraph edited, and one added: still ignored.
  const edited = ignored.replace("opened in 1901", "opened its doors in 1902").replace("It closed in 1970.", "It closed in 1970. The building is now a museum.");
  assert.deepEqual(ignoredOf(edited).ignored, [long]);
  // The paragraph, with its comment, moved above the first one: still ignored.
  const block = ignored.slice(ignored.indexOf("<!--"), ignored.indexOf("\n\nA last"));
  const moved = ignored.replace(`${block}\n\n`, "").replace("A first paragraph.", `${block}\n\nA first paragraph.`);
  assert.notEqual(moved, ignored);
  assert.deepEqual(ignoredOf(moved).ignored, [long]);
  // The ignored sentence itself edited after its first words: the fingerprint no longer matches, its finding comes back.
  assert.deepEqual(ignoredOf(ignored.replace("in 1932", "in 1933")).ignored, []);
  // The same sentence in another paragraph is not covered.
  assert.deepEqual(ignoredOf(`${ignored}\n${long}\n`).ignored, [long]);
});

test("a named ignore in a list, a block quote and a table, and after a blank line", () => {
  const items = "- The ferry sailed at dawn.\n- The crossing took two hours.\n";
  assert.deepEqual(ignoredOf(`<!-- grounded-ignore: "The crossing took two hours." -->\n${items}`).ignored, ["The crossing took two hours."]);
  assert.deepEqual(ignoredOf(`> <!-- grounded-ignore: "The crossing took two hours." -->\n> The ferry sailed at dawn. The crossing took two hours.\n`).ignored, ["The crossing took two hours."]);
  const table = "| Town | Note |\n| --- | --- |\n| Brill | The ferry sailed at dawn. |\n| Oska | The crossing took two hours. |\n";
  assert.deepEqual(ignoredOf(`<!-- grounded-ignore: "The crossing took two hours." -->\n${table}`).ignored, ["The crossing took two hours."]);
  assert.deepEqual(ignoredOf(`<!-- grounded-ignore: "The ferry sailed at dawn." -->\n\nThe ferry sailed at dawn. The crossing took two hours.\n`).ignored, ["The ferry sailed at dawn."]);
  // Inside a code block it is text, not a comment.
  assert.deepEqual(ignoredOf("```\n<!-- grounded-ignore: \"The ferry sailed at dawn.\" -->\n```\nThe ferry sailed at dawn.\n").ignored, []);
});

test("an ignored sentence is still the context of the next ones: ignoring it changes no other verdict", () => {
  const a = analyzeDraft(`<!-- grounded-ignore: "Ada Brenn bought the mill in 1932." -->\nAda Brenn bought the mill in 1932. She sold it in 1950.\n`, off);
  assert.deepEqual(a.sentences.map((s) => s.ignored), [true, false]);
  assert.deepEqual(contextOf(a.sentences, a.sentences[1]).previous, ["Ada Brenn bought the mill in 1932."]);
});

test("ignoredClaims counts the claims ignore comments cover, not questions", () => {
  const draft = "<!-- grounded-ignore-next-line -->\nThe ferry sailed at dawn. Why did it leave so early?\n\n<!-- grounded-disable -->\nThe crossing took two hours.\n<!-- grounded-enable -->\n";
  assert.equal(analyzeDraft(draft, off).ignoredClaims, 2);
});

// ---------------------------------------------------------------------------
// Line endings and robustness

test("CRLF and mixed line endings give the same sentences and exact spans", () => {
  const lf = fixture("structure.md").replace(/\r\n/g, "\n");
  const crlf = lf.replace(/\n/g, "\r\n");
  const mixed = lf.split("\n").map((line, i) => line + (i % 3 === 0 ? "\r\n" : i % 3 === 1 ? "\n" : "\r")).join("");
  const base = analyzeDraft(lf, on);
  for (const draft of [crlf, mixed]) {
    const a = analyzeDraft(draft, on);
    checkInvariants(draft, a);
    assert.deepEqual(plains(a), plains(base));
    assert.deepEqual(a.sentences.map((s) => s.isClaim), base.sentences.map((s) => s.isClaim));
    assert.deepEqual(a.frontMatterData, base.frontMatterData);
  }
  const soft = "The port\r\nreopened in May.\r\n";
  const s = analyzeDraft(soft, off).sentences[0];
  assert.equal(s.plain, "The port reopened in May.");
  assert.equal(soft.slice(s.span.start, s.span.end), "The port\r\nreopened in May.");
});

test("robustness: hostile inputs never throw and keep the invariants", () => {
  const inputs = [
    "",
    "```\nunterminated fence. The ship sank.\n",
    ">".repeat(20_000) + " deep.",
    "- ".repeat(5_000) + "deep list.",
    "*".repeat(50_000) + "a" + "*".repeat(50_000),
    "[".repeat(50_000) + "x" + "]".repeat(50_000),
    "The word repeats. ".repeat(11_000),
    "a".repeat(200_000),
    "\u{1F389}".repeat(30_000) + ". Then \u{1F600} more.",
    "\u05E9\u05DC\u05D5\u05DD \u05E2\u05D5\u05DC\u05DD. \u0645\u0631\u062D\u0628\u0627 \u0628\u0643\u0645.",
    "\ud800\udc00\udc00\ud800. Lone surrogates.",
    "\0\u0001\u0002 control characters.",
    "|".repeat(10_000) + "\n" + "|-".repeat(5_000),
  ];
  for (const draft of inputs) {
    // Speed is measured by `npm run bench`, not asserted here.
    checkInvariants(draft, analyzeDraft(draft, on));
  }
  assert.deepEqual(analyzeDraft("```\nunterminated fence. The ship sank.\n", off).sentences, []);
  const long = "The port reopened. ".repeat(10_600);
  assert.ok(long.length > 200_000);
  assert.equal(analyzeDraft(long, off).sentences.length, 10_600);
});

test("astral characters and RTL text map exactly", () => {
  const draft = "The team won \u{1F389}. \u05D4\u05E0\u05DE\u05DC \u05E0\u05E4\u05EA\u05D7 \u05DE\u05D7\u05D3\u05E9. Fans cheered \u{1F44F}\u{1F44F}.\n";
  const a = analyzeDraft(draft, off);
  checkInvariants(draft, a);
  assert.deepEqual(a.sentences.map((s) => draft.slice(s.span.start, s.span.end)), [
    "The team won \u{1F389}.",
    "\u05D4\u05E0\u05DE\u05DC \u05E0\u05E4\u05EA\u05D7 \u05DE\u05D7\u05D3\u05E9.",
    "Fans cheered \u{1F44F}\u{1F44F}.",
  ]);
});
