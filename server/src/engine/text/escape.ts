/**
 * Text from sources (and the writer's own words) in Markdown, one escaper per
 * use: what the editor renders (hovers, the claim report), where no link, HTML
 * or autolink from a source may become active; and what goes into the
 * writer's draft (quick fixes), where the text must stay text yet read as
 * written. HTML has one escaper too, here because both a CSL style's rendering
 * (`edits/csl.ts`) and the HTML report (`report/html.ts`) write it. The other
 * formats' escapers live with their format: `printable` in `report/text.ts`,
 * `xmlEscape` in `report/junit.ts`, `escapeData` in `report/github.ts`.
 */

/** Escapes text for Markdown that is rendered: every construct's punctuation, HTML, and bare URLs. */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/\s+/g, " ")
    .replace(/[\\`*_{}[\]()<>#+\-.!|~&"']/g, (c) => `\\${c}`)
    // A zero-width space keeps a bare URL from being turned into a link.
    .replace(/:\/\//g, ":\u200b//");
}

/** Escapes text for the writer's Markdown: the punctuation that would start markup, but not `.`, `-` or quotes, which read badly escaped. */
export function escapeMarkdownSource(s: string): string {
  return escapeMarkdownSourceRun(s).replace(/\s+/g, " ").trim();
}

/** `escapeMarkdownSource` for a piece of a longer text: the same punctuation escaped, white space left as it is. */
export function escapeMarkdownSourceRun(s: string): string {
  return s.replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`);
}

/** Escapes text for HTML content and attribute values: every character that could open markup or end an attribute, as a numeric reference. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}
