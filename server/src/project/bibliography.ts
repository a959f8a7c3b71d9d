/**
 * A writer's bibliography: BibTeX or BibLaTeX (a Zotero, Better BibTeX or
 * JabRef export) through Citation.js, or CSL-JSON, read through the
 * `Workspace`. Each entry keeps its key, its CSL-JSON item (what citeproc
 * renders) and the source files its `file` field names, resolved against the
 * bibliography's folder; matching entries to sources is the engine's
 * (`engine/bibliography/match.ts`). A file that cannot be read or parsed is
 * one problem naming it, never a throw.
 */
import "@citation-js/plugin-bibtex";
import { plugins } from "@citation-js/core";
import { dirname, resolve } from "node:path";
import type { BibliographyEntry, Problem } from "../engine";
import { FileCache, type FileStat, readText, unreadable, type Workspace } from "./workspace";

export interface Bibliography {
  file: string;
  /** One entry per key: the first, as BibTeX takes it. */
  entries: BibliographyEntry[];
  /** The keys the file defines more than once (only the first entry of each is in `entries`). */
  repeated: string[];
}

export type BibliographyRead = { bibliography: Bibliography } | { problem: Problem };

/** Larger bibliographies are not read: no reference manager exports one this size, and parsing it would stall the editor. */
const MAX_BYTES = 32 * 1024 * 1024;

/** BibTeX's raw entries, as Citation.js gives them before converting them to CSL. */
interface RawEntry {
  label: string;
  properties: Record<string, string>;
}

/**
 * The paths a BibTeX `file` field names: `path`, JabRef's and Zotero's
 * `description:path:type`, several separated by `;`, with `\:` and `\\` escapes.
 */
export function filesOf(field: string | undefined, base: string): string[] {
  if (!field) return [];
  return field.split(/(?<!\\);/).flatMap((part) => {
    const pieces = part.split(/(?<!\\):/);
    // A Windows drive letter ("C:\…") splits too: glue it back.
    const glued = pieces.reduce<string[]>((out, p) => (out.length && /^[A-Za-z]$/.test(out[out.length - 1]) && /^[\\/]/.test(p) ? [...out.slice(0, -1), `${out[out.length - 1]}:${p}`] : [...out, p]), []);
    // Two pieces are "path:type" or "description:path": the path is the one with a file extension.
    const two = () => (/\.\w{2,5}$/.test(glued[1]) || !/\.\w{2,5}$/.test(glued[0]) ? glued[1] || glued[0] : glued[0]);
    const path = (glued.length >= 3 ? glued[1] : glued.length === 2 ? two() : glued[0]).replace(/\\([:;\\])/g, "$1").trim();
    return path ? [resolve(base, path)] : [];
  });
}

const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);

function entryOf(key: string, csl: Record<string, unknown>, files: string[]): BibliographyEntry {
  return { key, csl: { ...csl, id: key }, files, doi: text(csl.DOI), url: text(csl.URL), title: text(csl.title) };
}

/** The first of each key's entries, and the keys given more than once. */
function firstOfEach<T>(items: readonly T[], key: (item: T) => string): { firsts: T[]; repeated: string[] } {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  const firsts = items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) {
      repeated.add(k);
      return false;
    }
    seen.add(k);
    return true;
  });
  return { firsts, repeated: [...repeated] };
}

/** Parses BibTeX or BibLaTeX text. Throws Citation.js's error (with its line and column) on a syntax error. */
function parseBibtex(source: string, base: string): { entries: BibliographyEntry[]; repeated: string[] } {
  // A key given twice is BibTeX's "repeated entry": the first is used (converting both would give both the last one's fields).
  const { firsts: raw, repeated } = firstOfEach(plugins.input.chain(source, { target: "@biblatex/entries+list", forceType: "@biblatex/text", generateGraph: false }) as RawEntry[], (r) => r.label);
  const csl = plugins.input.chain(raw, { target: "@csl/list+object", generateGraph: false }) as Array<Record<string, unknown>>;
  const byKey = new Map(csl.map((c) => [String(c.id), c]));
  const entries = raw.flatMap((r) => {
    const item = byKey.get(r.label);
    return item ? [entryOf(r.label, item, filesOf(r.properties.file, base))] : [];
  });
  return { entries, repeated };
}

/** Parses CSL-JSON: an array of items (or one item), each with an `id`. */
function parseCslJson(source: string, base: string): { entries: BibliographyEntry[]; repeated: string[] } {
  const data = JSON.parse(source) as unknown;
  const items = Array.isArray(data) ? data : data && typeof data === "object" ? [data] : [];
  const all = items.flatMap((item) => {
    if (!item || typeof item !== "object" || (typeof item.id !== "string" && typeof item.id !== "number")) return [];
    const i = item as Record<string, unknown>;
    // Zotero's CSL-JSON has no file field; a hand-written one may.
    return [entryOf(String(i.id), i, typeof i.file === "string" ? filesOf(i.file, base) : [])];
  });
  const { firsts, repeated } = firstOfEach(all, (e) => e.key);
  return { entries: firsts, repeated };
}

/** The one-line reason a bibliography does not parse. */
function syntaxProblem(e: unknown): string {
  const lines = String((e as Error)?.message ?? e).split("\n").map((l) => l.trim()).filter(Boolean);
  const where = /at line (\d+) col (\d+)/.exec(lines[0] ?? "");
  const what = (lines[0] ?? "").replace(/\s*at line \d+ col \d+:?$/, "");
  return where ? `syntax error at line ${where[1]}, column ${where[2]}: ${what}` : `cannot parse it (${lines[0] ?? "unknown error"})`;
}

const problem = (file: string, message: string): { problem: Problem } => ({
  problem: { file, message: `bibliography: ${message}; its entries are not used`, severity: "warning" },
});

/** The warning for keys a bibliography gives again (in itself, or after an earlier file of the draft's). */
export function repeatedKeys(file: string, keys: readonly string[]): Problem {
  const list = keys.slice(0, 5).map((k) => JSON.stringify(k)).join(", ") + (keys.length > 5 ? ` and ${keys.length - 5} more` : "");
  const what = keys.length === 1 ? `the key ${list} is` : `the keys ${list} are`;
  return { file, message: `bibliography: ${what} defined more than once; citations use the first entry of each, as BibTeX does`, severity: "warning" };
}

/** Parses a bibliography's text: CSL-JSON (`.json`, or text that opens a list), else BibTeX or BibLaTeX. */
export function parseBibliography(file: string, source: string): BibliographyRead {
  const base = dirname(resolve(file));
  const json = /\.json$/i.test(file) || /^\s*\[/.test(source);
  try {
    return { bibliography: { file, ...(json ? parseCslJson(source, base) : parseBibtex(source, base)) } };
  } catch (e) {
    return problem(file, json ? `not valid CSL-JSON (${String((e as Error)?.message ?? e).split("\n")[0]})` : syntaxProblem(e));
  }
}

/** Reads and parses a bibliography file through the workspace (`stat`: the file's, when the caller has it). */
export async function readBibliography(file: string, ws: Pick<Workspace, "readFile" | "stat">, stat?: FileStat): Promise<BibliographyRead> {
  if (((stat ?? (await ws.stat(file)))?.size ?? 0) > MAX_BYTES) return problem(file, "larger than 32 MB");
  let source: string;
  try {
    source = await readText(ws, file);
  } catch (e) {
    return problem(file, unreadable(e));
  }
  return parseBibliography(file, source);
}

/**
 * The bibliography files of a draft: the setting (the editor's or the project
 * file's, relative to `base`) when there is one, else what the draft's front
 * matter names under `bibliography:` (one path or a list, relative to the
 * draft's folder).
 */
export function bibliographyFiles(setting: string | undefined, base: string, frontMatter: Record<string, unknown>, draftDir: string): string[] {
  if (setting?.trim()) return [resolve(base, setting.trim())];
  const named = frontMatter.bibliography;
  const list = typeof named === "string" ? [named] : Array.isArray(named) ? named.filter((x): x is string => typeof x === "string") : [];
  return list.filter((f) => f.trim()).map((f) => resolve(draftDir, f.trim()));
}

/** Bibliographies read once per version of each file (its size and modification time). */
export class BibliographyCache {
  private readonly files: FileCache<BibliographyRead>;

  constructor(ws: Pick<Workspace, "readFile" | "stat">) {
    this.files = new FileCache(ws, (file, stat) => readBibliography(file, ws, stat));
  }

  /**
   * The entries of several files, in order, one per key (the first, as BibTeX
   * takes it); the problem of each file that could not be used, and of each
   * that gives a key again; and a stamp that changes with any of the files.
   */
  async entries(files: readonly string[]): Promise<{ entries: BibliographyEntry[]; problems: Problem[]; stamp: string }> {
    const entries: BibliographyEntry[] = [];
    const problems: Problem[] = [];
    const stamps: string[] = [];
    const keys = new Set<string>();
    for (const f of files) {
      const { value, stamp } = await this.files.get(f);
      stamps.push(`${f}\u0000${stamp}`);
      if ("problem" in value) {
        problems.push(value.problem);
        continue;
      }
      const again = new Set(value.bibliography.repeated);
      for (const e of value.bibliography.entries) {
        if (keys.has(e.key)) again.add(e.key);
        else entries.push(e);
        keys.add(e.key);
      }
      if (again.size) problems.push(repeatedKeys(f, [...again]));
    }
    return { entries, problems, stamp: stamps.join("\u0001") };
  }
}
