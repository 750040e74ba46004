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
  // V8 reports "at position N"; turn it into a line and column a person can find.
  const match = /position (\d+)/.exec(error.message);
  if (!match) return `not valid JSON: ${error.message}`;
  const pos = Number(match[1]);
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  const column = pos - before.lastIndexOf("\n");
  return `not valid JSON at line ${line}, column ${column}: ${error.message.replace(/ in JSON at position \d+.*$/, "")}`;
}

const SECRET_KEY = /(api[-_]?key|token|secret|password|passwd|authorization|bearer|credential)/i;
const SECRET_VALUE = /^(sk-|sk_|ghp_|gho_|xox[abp]-|AIza)[A-Za-z0-9_-]{8,}/;

/** Removes anything that looks like a credential from free-form config objects. */
export function scrubSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(scrubSecrets) as T;
  if (typeof value === "string") return (SECRET_VALUE.test(value) ? "" : value) as T;
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (SECRET_KEY.test(key)) continue;
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
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
  return `${slug || "crew"}.crew.json`;
}
