import Papa from "papaparse";

/** One run's inputs in a batch: a value per `{placeholder}`. */
export type InputsRow = Record<string, string>;

/** Rows read from a CSV or JSON text, with every problem found (each names its row or column). */
export interface RowsRead {
  rows: InputsRow[];
  problems: string[];
}

const inputsList = (names: readonly string[]) => (names.length ? names.join(", ") : "none");
const unknownColumn = (column: string, names: readonly string[]) =>
  `column "${column}" is not an input of this crew (its inputs: ${inputsList(names)})`;

/**
 * Reads CSV with a header row: one column per input (named as the `{placeholder}`), one row per run. Quoted fields
 * may hold commas and line breaks; the delimiter (comma, semicolon, tab) is detected.
 */
export function readCsvRows(text: string, names: readonly string[]): RowsRead {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h) => h.trim(),
  });
  const problems: string[] = [];
  const columns = parsed.meta.fields ?? [];
  if (columns.length === 0 || columns.every((c) => !c)) return { rows: [], problems: ["no header row: the first line names the inputs"] };
  for (const c of columns) if (!c) problems.push("a column has no name in the header row");
  for (const c of columns) if (c && !names.includes(c)) problems.push(unknownColumn(c, names));
  for (const e of parsed.errors) {
    // Papa counts data rows from 0, after the header: its row 0 is the table's row 1.
    if (e.code === "TooFewFields" || e.code === "TooManyFields")
      problems.push(`row ${(e.row ?? 0) + 1}: ${e.code === "TooFewFields" ? "fewer" : "more"} fields than the header's ${columns.length}`);
    else if (e.code === "MissingQuotes" || e.code === "InvalidQuotes")
      problems.push(`a quoted field is not closed or has a stray quote (${e.message})`);
    // A one-column file has no delimiter to find; the comma it falls back to is right.
  }
  const rows = parsed.data.map((record) => {
    const row: InputsRow = {};
    for (const c of columns) if (c && names.includes(c) && typeof record[c] === "string") row[c] = record[c];
    return row;
  });
  if (rows.length === 0) problems.push("no rows: the CSV has a header but no data rows");
  return { rows, problems };
}

/** Reads a JSON array of objects, one per run: `[{"topic": "crabs"}, …]`. Numbers and booleans are taken as text. */
export function readJsonRows(text: string, names: readonly string[]): RowsRead {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { rows: [], problems: [`not valid JSON: ${(error as Error).message}`] };
  }
  if (!Array.isArray(data))
    return { rows: [], problems: [`expected an array of objects, one per run, like [{"${names[0] ?? "input"}": "…"}]`] };
  const problems: string[] = [];
  const unknown = new Set<string>();
  const rows = data.map((item: unknown, i): InputsRow => {
    const row: InputsRow = {};
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      problems.push(`row ${i + 1}: expected an object of inputs, got ${kindOf(item)}`);
      return row;
    }
    for (const [key, value] of Object.entries(item)) {
      if (!names.includes(key)) unknown.add(key);
      else if (typeof value === "string") row[key] = value;
      else if (typeof value === "number" || typeof value === "boolean") row[key] = String(value);
      else problems.push(`row ${i + 1}, "${key}": expected text, got ${kindOf(value)}`);
    }
    return row;
  });
  for (const key of unknown) problems.unshift(unknownColumn(key, names));
  if (rows.length === 0) problems.push("no rows: the array is empty");
  return { rows, problems };
}

/** Reads an inputs file by its name: `.csv`/`.tsv` as CSV, anything else as JSON. */
export function readRowsFile(text: string, fileName: string, names: readonly string[]): RowsRead {
  return /\.(csv|tsv|txt)$/i.test(fileName) ? readCsvRows(text, names) : readJsonRows(text, names);
}

/** A row's inputs for a run: every input, an empty or missing one taking the crew's default. */
export function completeRow(row: InputsRow, names: readonly string[], defaults: Readonly<Record<string, string>>): InputsRow {
  return Object.fromEntries(names.map((n) => [n, row[n]?.trim() ? (row[n] as string) : (defaults[n] ?? "")]));
}

/** The rows that cannot run as they are: an input with no value and no default, named by row and placeholder. */
export function rowProblems(rows: readonly InputsRow[], names: readonly string[], defaults: Readonly<Record<string, string>>): string[] {
  if (rows.length === 0) return ["no rows: add at least one"];
  const problems: string[] = [];
  rows.forEach((row, i) => {
    const full = completeRow(row, names, defaults);
    const missing = names.filter((n) => !full[n]?.trim());
    if (missing.length) problems.push(`row ${i + 1}: no value for ${missing.map((n) => `{${n}}`).join(", ")}`);
  });
  return problems;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
