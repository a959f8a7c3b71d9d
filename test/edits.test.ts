/** Quick-fix edits: exact text, and nothing of the writer's text lost (property test). */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { applyEdits, citeEdits, definitionEditor, footnoteText, ignoreEdit, quoteEdits, type CitedSource } from "../server/src/engine/edits/citations";

const source: CitedSource = { key: "ledger-2019-03-03", title: "Water [rationing] begins", outlet: "The Ledger", byline: null, date: "2019-03-03", url: "https://example.org/a" };

test("footnote definitions escape source text", () => {
  assert.equal(footnoteText(source), "Water \\[rationing\\] begins. *The Ledger*, 2019-03-03. <https://example.org/a>");
  assert.equal(footnoteText({ ...source, title: null, outlet: null, date: null, url: null }), "ledger-2019-03-03");
});

test("cite: marker after the closing punctuation, one definition at the end, reused", () => {
  const text = "The city rationed water. Other text.\n";
  const once = applyEdits(text, citeEdits(text, { start: 0, end: 24 }, [source], "footnote"));
  assert.equal(once, "The city rationed water.[^ledger-2019-03-03] Other text.\n\n[^ledger-2019-03-03]: " + footnoteText(source) + "\n");
  const twice = applyEdits(once, citeEdits(once, { start: 45, end: 56 }, [source], "footnote"));
  assert.equal(twice.match(/^\[\^ledger-2019-03-03\]:/gm)?.length, 1, "the definition is reused");
  assert.equal(applyEdits(text, citeEdits(text, { start: 0, end: 24 }, [source], "pandoc")), "The city rationed water. [@ledger-2019-03-03] Other text.\n");
  assert.equal(applyEdits(text, citeEdits(text, { start: 0, end: 24 }, [source], "link")), "The city rationed water. ([The Ledger](<https://example.org/a>)) Other text.\n");
});

test("property: a footnote is defined where a multiline `^\\[\\^key\\]:` matches, whatever the line ends around it", () => {
  // The definitions are collected by one scan of the draft (completion asks for fifty sources at a time).
  const pieces = ["[^ledger-2019-03-03]:", "[^", "ledger-2019-03-03", "]:", "\n", "\r\n", "\r", "\u2028", "x"];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
      const text = parts.join("");
      const defined = /^\[\^ledger-2019-03-03\]:/m.test(text);
      assert.equal(definitionEditor(text)([source]).length === 0, defined, JSON.stringify(text));
    }),
    { numRuns: 500 },
  );
});

test("ignore: a comment naming the claim above its paragraph, keeping quote markers and CRLF", () => {
  const text = "> Quoted claim here.\r\n";
  assert.equal(applyEdits(text, [ignoreEdit(text, { start: 2, end: 20 }, "Quoted claim here.")]), '> <!-- grounded-ignore: "Quoted claim here." -->\r\n> Quoted claim here.\r\n');
  // A claim on the paragraph's third line: the comment goes above its first line, not into the paragraph.
  const para = "Intro.\n\nThe mill opened in 1901. It employed\nforty weavers. The river froze\nthat winter.\n";
  const at = para.indexOf("The river");
  assert.equal(applyEdits(para, [ignoreEdit(para, { start: at, end: para.length - 1 }, "The river froze that winter.")]),
    'Intro.\n\n<!-- grounded-ignore: "The river froze that winter." -->\nThe mill opened in 1901. It employed\nforty weavers. The river froze\nthat winter.\n');
});

test("ignore: a long claim is named by its first words and its fingerprint; a closing fence, front matter or indented code stops the paragraph", () => {
  const claim = "The regional council approved a budget of forty million for the new harbour works on Tuesday.";
  const text = `---\ntitle: T\n---\n${claim}\n`;
  const out = applyEdits(text, [ignoreEdit(text, { start: text.indexOf("The"), end: text.length - 1 }, claim)]);
  assert.match(out, /^---\ntitle: T\n---\n<!-- grounded-ignore: "The regional council approved a budget of forty…" #[0-9a-f]{8} -->\nThe regional/);
  const fenced = "```\ncode\n```\nThe mill opened in 1901.\n";
  assert.equal(applyEdits(fenced, [ignoreEdit(fenced, { start: 13, end: 37 }, "The mill opened in 1901.")]),
    '```\ncode\n```\n<!-- grounded-ignore: "The mill opened in 1901." -->\nThe mill opened in 1901.\n');
  // An indented code block right above: the comment goes below it, not into it.
  const indented = "\tcode line\nThe mill opened in 1901.\n";
  assert.equal(applyEdits(indented, [ignoreEdit(indented, { start: 11, end: 35 }, "The mill opened in 1901.")]),
    '\tcode line\n<!-- grounded-ignore: "The mill opened in 1901." -->\nThe mill opened in 1901.\n');
  // A list's continuation line: the comment goes above the list item, at the item's indentation.
  const list = "Intro.\n\n  - The mill opened\n    in 1901.\n";
  assert.equal(applyEdits(list, [ignoreEdit(list, { start: list.indexOf("The"), end: list.length - 1 }, "The mill opened in 1901.")]),
    'Intro.\n\n  <!-- grounded-ignore: "The mill opened in 1901." -->\n  - The mill opened\n    in 1901.\n');
});

test("property: every quick fix only inserts; the original text survives in order", () => {
  fc.assert(
    fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), fc.nat(), fc.nat(), fc.constantFrom("footnote", "pandoc", "link"), (text, a, b, style) => {
      const start = text.length ? a % text.length : 0;
      const end = Math.min(text.length, start + (b % 50));
      const sentence = { start, end };
      for (const edits of [citeEdits(text, sentence, [source], style as "footnote"), [ignoreEdit(text, sentence, text.slice(start, end))], quoteEdits(text, sentence, "A quote [x](command:y)", source, style as "footnote")]) {
        for (const e of edits) assert.equal(e.span.start, e.span.end, "an insertion, not a replacement");
        const out = applyEdits(text, edits);
        // Removing the inserted strings gives back the original text.
        let i = 0;
        for (let k = 0; k < out.length; k++) if (i < text.length && out[k] === text[i]) i++;
        assert.equal(i, text.length, "the original text is a subsequence of the result");
        assert.doesNotMatch(out, /\]\(command:/, "source text never becomes a link");
      }
    }),
    { numRuns: 300, seed: 42 },
  );
});

test("pandoc: CSL-JSON entries added once, invalid files left alone, bibliography in the front matter", async () => {
  const { referencesText, bibliographyEdit, cslItem } = await import("../server/src/engine/edits/citations");
  const first = referencesText(null, [source])!;
  assert.deepEqual(JSON.parse(first), [cslItem(source)]);
  assert.deepEqual(cslItem(source).issued, { "date-parts": [[2019, 3, 3]] });
  assert.equal(referencesText(first, [source]), first, "an entry is not added twice");
  assert.equal(referencesText("{ not json", [source]), null);
  const withFm = "---\ntitle: X\n---\n\nText.\n";
  assert.equal(applyEdits(withFm, [bibliographyEdit(withFm, { start: 0, end: 18 }, "references.json")!]), "---\ntitle: X\nbibliography: references.json\n---\n\nText.\n");
  assert.equal(bibliographyEdit("---\nbibliography: refs.json\n---\n", { start: 0, end: 31 }, "references.json"), null);
  assert.equal(applyEdits("Text.\n", [bibliographyEdit("Text.\n", null, "references.json")!]), "---\nbibliography: references.json\n---\n\nText.\n");
});

test("pandoc with a .bib: an entry appended once, everything there kept, TeX's special characters escaped", async () => {
  const { bibtexText } = await import("../server/src/engine/edits/citations");
  const odd: CitedSource = { ...source, key: "odd-2019", title: "Profits {up} 50% & more_now", url: "https://example.org/a_b%20c" };
  const existing = "% my refs\r\n@article{known,\r\n  title = {Known},\r\n}";
  const after = bibtexText(existing, [odd, odd]);
  assert.ok(after.startsWith(`${existing}\r\n\r\n@article{odd-2019,\r\n  title = {Profits up 50\\% \\& more\\_now},\r\n`), after);
  assert.match(after, /  url = \{https:\/\/example\.org\/a_b%20c\},\r\n\}\r\n$/);
  assert.equal(after.match(/@article\{odd-2019,/g)!.length, 1, "one entry for a source cited twice");
  assert.equal(bibtexText(after, [odd]), after, "a key already there: the same text");
  assert.equal(bibtexText("@Article{ odd-2019 ,\n}\n", [odd]), "@Article{ odd-2019 ,\n}\n");
  assert.match(bibtexText(null, [odd]), /^@article\{odd-2019,\n/);
});

test("pandoc: the bibliography entry keeps a CRLF draft's line breaks", async () => {
  const { bibliographyEdit } = await import("../server/src/engine/edits/citations");
  const withFm = "---\r\ntitle: X\r\n---\r\n\r\nText.\r\n";
  assert.equal(
    applyEdits(withFm, [bibliographyEdit(withFm, { start: 0, end: 20 }, "references.json")!]),
    "---\r\ntitle: X\r\nbibliography: references.json\r\n---\r\n\r\nText.\r\n",
  );
  assert.equal(applyEdits("Text.\r\n", [bibliographyEdit("Text.\r\n", null, "references.json")!]), "---\r\nbibliography: references.json\r\n---\r\n\r\nText.\r\n");
});
