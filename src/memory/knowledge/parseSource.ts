import Papa from "papaparse";
import type { KnowledgeType } from "../../model";

export { KNOWLEDGE_FILE_ACCEPT, knowledgeTypeOf } from "../../model/knowledgeFiles";

/** Reads the text of a PDF page by page; injected because the browser and Node load different pdf.js builds. */
export type PdfTextReader = (bytes: Uint8Array, onPage: (done: number, total: number) => void) => Promise<string>;

/** A source before parsing: pasted text, or a file's bytes. */
export interface RawSource {
  name: string;
  type: KnowledgeType;
  data: string | Uint8Array;
}

/**
 * The readable text of a source: CSV rows become "header: value" lines (a row stays on one line, so a chunk never
 * splits it), JSON becomes "path: value" lines, PDF the text of its pages. Throws a message naming the source.
 */
export async function parseSource(source: RawSource, readPdf?: PdfTextReader, onProgress?: (fraction: number) => void): Promise<string> {
  const { name, type, data } = source;
  let text: string;
  if (type === "pdf") {
    if (!readPdf) throw new Error(`${name}: PDF files cannot be read here`);
    if (typeof data === "string") throw new Error(`${name}: a PDF must be given as bytes`);
    text = await readPdf(data, (done, total) => onProgress?.(done / Math.max(1, total))).catch((error: Error) => {
      throw new Error(`${name}: not a readable PDF (${error.message})`);
    });
  } else {
    const raw = typeof data === "string" ? data : new TextDecoder("utf-8").decode(data);
    text = type === "csv" ? csvText(name, raw) : type === "json" ? jsonText(name, raw) : raw;
  }
  const clean = normalizeText(text);
  if (!clean) throw new Error(`${name}: no text found${type === "pdf" ? " (a scanned PDF holds images of text, not text)" : ""}`);
  onProgress?.(1);
  return clean;
}

/** Unix line ends, no trailing spaces, at most one blank line in a row, no byte-order mark. */
export function normalizeText(text: string): string {
  return text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function csvText(name: string, raw: string): string {
  const body = raw.replace(/^\uFEFF/, "");
  const parsed = Papa.parse<Record<string, string>>(body, { header: true, skipEmptyLines: "greedy" });
  const headers = (parsed.meta.fields ?? []).filter((h) => h.trim());
  if (headers.length === 0) throw new Error(`${name}: the CSV file needs a header row naming its columns`);
  const broken = parsed.errors.find((e) => e.type === "Quotes");
  // papaparse's row numbers vary with the kind of error; the character index gives the line reliably.
  if (broken) throw new Error(`${name}: line ${body.slice(0, broken.index ?? 0).split("\n").length}: ${broken.message}`);
  return parsed.data
    .map((row) =>
      headers
        .map((h) => [h.trim(), String(row[h] ?? "").trim()] as const)
        .filter(([, value]) => value)
        .map(([h, value]) => `${h}: ${value.replace(/\s*\n\s*/g, " ")}`)
        .join("; "),
    )
    .filter(Boolean)
    .join("\n");
}

function jsonText(name: string, raw: string): string {
  let value: unknown;
  try {
    value = JSON.parse(raw.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new Error(`${name}: not valid JSON (${(error as Error).message})`);
  }
  // The items of a top-level list are paragraphs of their own, so a chunk boundary prefers to fall between them.
  if (Array.isArray(value)) return value.map((item, i) => flatten(item, `[${i}]`).join("\n")).join("\n\n");
  return flatten(value, "").join("\n");
}

/** "path: value" lines for every leaf, e.g. `team[0].name: Ana`. */
function flatten(value: unknown, path: string): string[] {
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) return [`${path || "value"}: ${value.map(String).join(", ")}`];
    return value.flatMap((v, i) => flatten(v, `${path}[${i}]`));
  }
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([key, v]) => flatten(v, path ? `${path}.${key}` : key));
  return [`${path || "value"}: ${String(value)}`];
}
