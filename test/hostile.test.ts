/**
 * Hostile and broken input at the engine and loader level (issue #7): the
 * Markdown parser stays linear on drafts full of lists and quotes, and corpus
 * folders of every shape load with one named problem per bad file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { editMapPatched, withMicromarkConsume } from "../server/src/engine/markdown/editMap";
import { parseMarkdown } from "../server/src/engine/markdown/parse";

test("micromark's edit map is patched, and the patched parser gives the same trees", () => {
  assert.ok(editMapPatched(), "micromark-util-edit-map changed shape: the linear consume is not installed");
  // Lists and quotes closed after lazy lines are what the edit map rearranges.
  const piece = fc.constantFrom(
    "- item", "  - nested", "> quote", "> > deeper", "lazy line", "1. first", "   continued", "", "```", "~~~", "| a | b |", "|---|---|",
    "[^1]: note", "Text with *emphasis* and [link](http://x).", "<!-- c -->", "    indented", "* star", "+ plus", "# Heading", "---",
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), fc.constantFrom("\n", "\r\n"), (lines, eol) => {
      const text = lines.join(eol);
      const patched = JSON.stringify(parseMarkdown(text));
      const original = JSON.stringify(withMicromarkConsume(() => parseMarkdown(text)));
      assert.equal(patched, original);
    }),
    { numRuns: 300, seed: 7 },
  );
});
