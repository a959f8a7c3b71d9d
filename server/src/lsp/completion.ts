/**
 * Completion after `[^` and `[@`: the corpus's sources by fuzzy match on key,
 * title, outlet, date and author, with their bibliography key where the
 * draft's bibliography describes them; and, after `[@`, the bibliography's
 * entries that match no source, marked as not checkable. Choosing a source
 * after `[^` also adds its footnote definition when it is missing.
 */
import Fuse from "fuse.js";
import { type CompletionItem, CompletionItemKind, type Position } from "vscode-languageserver/node";
import { type Article, LineIndex } from "../engine";
import type { BibliographyEntry } from "../engine/bibliography/match";
import type { LoadedCorpus } from "./corpora";
import type { DocumentCiting } from "./citing";

interface Candidate {
  a?: Article;
  entry?: BibliographyEntry;
  key: string;
  title: string;
  outlet: string;
  date: string;
  byline: string;
}

/** The `[^` or `[@` being typed before `offset`, and what follows it so far. */
export function citationPrefix(text: string, offset: number): { kind: "^" | "@"; query: string } | undefined {
  const m = /\[([\^@])([^\]\s;]*)$/.exec(text.slice(Math.max(0, offset - 100), offset)) ?? /\[[^\]\n]*;\s*(@)([^\]\s;]*)$/.exec(text.slice(Math.max(0, offset - 200), offset));
  return m ? { kind: m[1] as "^" | "@", query: m[2] } : undefined;
}

function candidates(loaded: LoadedCorpus, citing: DocumentCiting, kind: "^" | "@"): Candidate[] {
  const out: Candidate[] = loaded.corpus.articles.map((a) => {
    const s = citing.cite(a);
    return { a, key: s.key, title: s.title ?? "", outlet: s.outlet ?? "", date: s.date ?? "", byline: s.byline ?? "" };
  });
  if (kind !== "@" || !citing.bibliography) return out;
  // Entries with no source: a writer may still cite them (pandoc renders them), but Grounded cannot check what they say.
  for (const e of citing.bibliography.entries) {
    if (citing.bibliography.byKey.get(e.key) !== null) continue;
    const source = { key: e.key, title: e.title ?? "", outlet: typeof e.csl["container-title"] === "string" ? (e.csl["container-title"] as string) : "", date: "", byline: "" };
    out.push({ ...source, entry: e });
  }
  return out;
}

export function citationCompletions(text: string, offset: number, position: Position, loaded: LoadedCorpus, citing: DocumentCiting): CompletionItem[] {
  const prefix = citationPrefix(text, offset);
  if (!prefix) return [];
  const all = candidates(loaded, citing, prefix.kind);
  const found = prefix.query
    ? new Fuse(all, { keys: ["key", "title", "outlet", "date", "byline"], threshold: 0.4, ignoreLocation: true }).search(prefix.query).map((r) => r.item)
    : all;
  const lines = new LineIndex(text);
  const start = lines.positionAt(offset - prefix.query.length);
  return found.slice(0, 50).map((e, i) => {
    const passage = e.a?.passages[0];
    const item: CompletionItem = {
      label: e.key,
      kind: CompletionItemKind.Reference,
      detail: e.entry ? `${[e.title, e.outlet].filter(Boolean).join(" · ")} · in the bibliography, no source: not checkable` : [e.title, e.outlet, e.date].filter(Boolean).join(" · "),
      documentation: e.a && passage ? { kind: "plaintext", value: e.a.text.slice(passage.span.start, passage.span.end).replace(/\s+/g, " ") } : undefined,
      sortText: `${e.entry ? 1 : 0}${String(i).padStart(4, "0")}`,
      // The editor filters on what was typed after `[^`: let it match the title, outlet, date and author too.
      filterText: `${e.key} ${e.title} ${e.outlet} ${e.date} ${e.byline}`,
      textEdit: { range: { start, end: position }, newText: e.key },
    };
    if (prefix.kind === "^" && e.a && !new RegExp(`^\\[\\^${e.key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\]:`, "m").test(text)) {
      const end = lines.positionAt(text.length);
      const eol = text.includes("\r\n") ? "\r\n" : "\n";
      const lead = text.endsWith(eol + eol) ? "" : text.endsWith(eol) ? eol : eol + eol;
      item.additionalTextEdits = [{ range: { start: end, end }, newText: `${lead}[^${e.key}]: ${citing.format.definition(citing.cite(e.a))}${eol}` }];
    }
    return item;
  });
}
