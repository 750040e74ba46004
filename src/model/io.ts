import { migrateCrew } from "./migrations";
import { type Problem, problemsFromZod } from "./problems";
import { type Crew, CrewSchema } from "./schema";
import { isStructurallySound, validateCrew } from "./validate";

/** Result of reading a crew file: the crew and its remaining (run-level) problems, or why it was refused. */
export type ReadResult =
  | { ok: true; crew: Crew; problems: Problem[]; migratedFrom?: number; migrations: string[] }
  | { ok: false; problems: Problem[] };

/** Reads crew JSON text: syntax, envelope and migrations, schema, then graph structure. Never throws. */
export function readCrewJson(text: string): ReadResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problems: [{ path: [], message: describeSyntaxError(text, error as Error), level: "structure", code: "json.syntax", ids: [] }],
    };
  }
  return readCrewValue(raw);
}

/** Like readCrewJson, for a value that is already parsed JSON. */
export function readCrewValue(raw: unknown): ReadResult {
  const migrated = migrateCrew(raw);
  if (!migrated.ok) return migrated;
  const parsed = CrewSchema.safeParse(migrated.doc);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error.issues) };
  const problems = validateCrew(parsed.data);
  if (!isStructurallySound(problems)) return { ok: false, problems: problems.filter((p) => p.level === "structure") };
  return {
    ok: true,
    crew: parsed.data,
    problems,
    migrations: migrated.applied,
    ...(migrated.from !== parsed.data.version ? { migratedFrom: migrated.from } : {}),
  };
}

function describeSyntaxError(text: string, error: Error): string {
  if (!text.trim()) return "the file is empty";
  // V8 reports "at position N" for most errors but not for "Unexpected token 'x', "<the whole text>" is not valid JSON",
  // so fall back to finding the offset ourselves; either way, turn it into a line and column a person can find.
  // Anchored at the end: the "not valid JSON" form quotes the text, which may itself contain "position 12".
  const match = / in JSON at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(error.message);
  const pos = match ? Number(match[1]) : jsonErrorOffset(text);
  const reason = (match ? error.message.slice(0, match.index) : error.message).replace(
    /, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s,
    "",
  );
  if (pos === undefined) return `not valid JSON: ${reason}`;
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  const column = pos - before.lastIndexOf("\n");
  return `not valid JSON at line ${line}, column ${column}: ${reason}`;
}

/** Offset of the first character JSON.parse rejects in `text` (which must not parse); undefined if too deeply nested to tell. */
function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const skip = () => {
    while (/[ \t\n\r]/.test(text.charAt(i))) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text.charAt(i) !== ch) fail();
      i++;
    }
  };
  const digits = () => {
    if (!/[0-9]/.test(text.charAt(i))) fail();
    while (/[0-9]/.test(text.charAt(i))) i++;
  };
  const string = () => {
    i++;
    for (;;) {
      const ch = text.charAt(i);
      if (ch === "" || ch < " ") fail();
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === "\\") {
        i++;
        const esc = text.charAt(i);
        if (esc === "u") {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text.charAt(i))) fail();
        } else if (esc !== "" && '"\\/bfnrt'.includes(esc)) i++;
        else fail();
      } else i++;
    }
  };
  const number = () => {
    if (text.charAt(i) === "-") i++;
    if (text.charAt(i) === "0") i++;
    else digits();
    if (text.charAt(i) === ".") {
      i++;
      digits();
    }
    if (/[eE]/.test(text.charAt(i))) {
      i++;
      if (/[+-]/.test(text.charAt(i))) i++;
      digits();
    }
  };
  const value = (): void => {
    skip();
    const ch = text.charAt(i);
    if (ch === "{" || ch === "[") container(ch);
    else if (ch === '"') string();
    else if (ch === "t") literal("true");
    else if (ch === "f") literal("false");
    else if (ch === "n") literal("null");
    else number();
  };
  const container = (open: "{" | "[") => {
    const close = open === "{" ? "}" : "]";
    i++;
    skip();
    if (text.charAt(i) === close) {
      i++;
      return;
    }
    for (;;) {
      if (open === "{") {
        skip();
        if (text.charAt(i) !== '"') fail();
        string();
        skip();
        if (text.charAt(i) !== ":") fail();
        i++;
      }
      value();
      skip();
      const next = text.charAt(i);
      if (next !== "," && next !== close) fail();
      i++;
      if (next === close) return;
    }
  };
  try {
    value();
    skip();
    fail();
  } catch (at) {
    if (typeof at === "number") return Math.min(at, text.length);
  }
  return undefined;
}

/** Key endings that name credentials, compared without case, '-' or '_' (so maxTokens is kept, accessToken is not). */
const SECRET_KEY_ENDINGS = ["apikey", "secret", "password", "passwd", "authorization", "credential", "credentials", "token", "bearer"];
const isSecretKey = (key: string) => {
  const k = key.toLowerCase().replace(/[-_]/g, "");
  return SECRET_KEY_ENDINGS.some((end) => k.endsWith(end));
};
const SECRET_VALUE = /^(sk-|sk_|ghp_|gho_|xox[abp]-|AIza)[A-Za-z0-9_-]{8,}/;

/** Removes anything that looks like a credential from free-form config objects. */
export function scrubSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(scrubSecrets) as T;
  if (typeof value === "string") return (SECRET_VALUE.test(value) ? "" : value) as T;
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (isSecretKey(key)) continue;
    out[key] = scrubSecrets(inner);
  }
  return out as T;
}

/** The crew as an export: schema key order, sorted layout, no secrets, pretty-printed with a final newline. */
export function serializeCrew(crew: Crew): string {
  const clean = CrewSchema.parse(crew);
  const ordered: Crew = {
    ...clean,
    tools: clean.tools.map((t) => ({ ...t, config: scrubSecrets(t.config) })),
    layout: Object.fromEntries(
      Object.entries(clean.layout)
        .filter(([id]) => isNode(clean, id))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

function isNode(crew: Crew, id: string): boolean {
  return crew.agents.some((a) => a.id === id) || crew.tasks.some((t) => t.id === id) || crew.tools.some((t) => t.id === id);
}

/** The download name for a crew: `<crew-name>.crew.json`, safe on every file system. */
export function crewFileName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return `${slug || "crew"}.crew.json`;
}
