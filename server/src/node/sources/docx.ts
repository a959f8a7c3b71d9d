/**
 * A Word file's paragraphs and metadata: the body through mammoth (paragraphs
 * and headings in order, list items, table cells), footnotes and endnotes
 * kept apart from the body, and title, author and date from
 * `docProps/core.xml`. A file that is not a zip archive, or not a Word
 * document, comes back as a problem naming the file.
 */
import { DOMParser } from "@xmldom/xmldom";
import JSZip from "jszip";
import mammoth from "mammoth";
import { parseFragment } from "parse5";
import type { ArticleMeta, DocParagraph, HtmlNode, Problem } from "../../engine";

export interface ExtractedDocx {
  paragraphs: DocParagraph[];
  meta: Partial<ArticleMeta>;
}

const attr = (n: HtmlNode, name: string) => n.attrs?.find((a) => a.name === name)?.value ?? "";
const NOTE_ID = /^(footnote|endnote)-\d+$/;

/** A block's text without note markers (`[1]` in the body) and the notes' links back (`↑`). */
function textOf(n: HtmlNode): string {
  if (n.nodeName === "#text") return n.value ?? "";
  if (n.tagName === "br") return " ";
  if (n.tagName === "a" && /^#(footnote|endnote)(-ref)?-\d+$/.test(attr(n, "href"))) return "";
  // A nested list is its own paragraphs.
  if (n.tagName === "ul" || n.tagName === "ol") return "";
  return (n.childNodes ?? []).map(textOf).join("");
}

/** The paragraphs of mammoth's HTML, in order, with the notes marked. */
export function paragraphsOf(html: string): DocParagraph[] {
  const out: DocParagraph[] = [];
  const walk = (n: HtmlNode, note: boolean) => {
    const tag = n.tagName;
    if (tag === "li" && NOTE_ID.test(attr(n, "id"))) {
      out.push({ text: textOf(n), kind: "note" });
      return;
    }
    if (tag && /^h[1-6]$/.test(tag)) out.push({ text: textOf(n), kind: "heading" });
    else if (tag === "p" || tag === "td" || tag === "th" || tag === "li") {
      // A list item or cell holding paragraphs is those paragraphs.
      const inner = (n.childNodes ?? []).some((c) => c.tagName === "p");
      if (!inner) out.push({ text: textOf(n), kind: note ? "note" : "body" });
    }
    for (const c of n.childNodes ?? []) walk(c, note);
  };
  walk(parseFragment(html) as unknown as HtmlNode, false);
  return out.filter((p) => p.text.trim());
}

/** Title, author and creation date from `docProps/core.xml`, where the file has it. */
async function coreProperties(zip: JSZip): Promise<Partial<ArticleMeta>> {
  const xml = await zip.file("docProps/core.xml")?.async("string");
  if (!xml) return {};
  // A malformed core.xml costs the metadata, never the document.
  const doc = new DOMParser({ errorHandler: () => undefined }).parseFromString(xml, "text/xml");
  const first = (tag: string) => doc.getElementsByTagName(tag)[0]?.textContent?.replace(/\s+/g, " ").trim() || null;
  const created = first("dcterms:created") ?? first("dcterms:modified");
  return { title: first("dc:title"), byline: first("dc:creator"), date: created && /^\d{4}-\d{2}-\d{2}/.test(created) ? created.slice(0, 10) : null };
}

/** The paragraphs and metadata of a `.docx` file, or the problem that names it. */
export async function extractDocx(file: string, bytes: Uint8Array): Promise<ExtractedDocx | { problem: Problem }> {
  const problem = (message: string) => ({ problem: { file, message, severity: "warning" as const } });
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) {
    return problem("not a Word file (a .docx is a zip archive; this one is not), skipped");
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer);
  } catch (e) {
    return problem(`not a Word file (the zip archive is damaged: ${String((e as Error).message ?? e).split("\n")[0]}), skipped`);
  }
  if (!zip.file("word/document.xml")) return problem("not a Word file (the zip archive holds no word/document.xml), skipped");
  try {
    // Images are left out: only the text is evidence.
    const { value } = await mammoth.convertToHtml({ buffer }, { convertImage: mammoth.images.imgElement(async () => ({ src: "" })) });
    return { paragraphs: paragraphsOf(value), meta: await coreProperties(zip) };
  } catch (e) {
    return problem(`cannot read the Word file (${String((e as Error).message ?? e).split("\n")[0]}), skipped`);
  }
}
