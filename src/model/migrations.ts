import type { Problem } from "./problems";
import { CREW_VERSION } from "./schema";

/** A raw JSON object as read from a file, before schema parsing. */
export type RawDoc = Record<string, unknown>;

/** One step that rewrites a document of version `from` into version `from + 1`. */
export interface Migration {
  from: number;
  /** What changed, shown to the user after an import that migrated. */
  describe: string;
  up(doc: RawDoc): RawDoc;
}

/**
 * The crew format's migrations, oldest first. Version 1 is the first released format, so the list is
 * empty until the format changes: add `{ from: 1, ... }` together with bumping CREW_VERSION.
 */
export const CREW_MIGRATIONS: readonly Migration[] = [];

/** The outcome of bringing a raw document up to the current version. */
export type MigrateResult = { ok: true; doc: RawDoc; from: number; applied: string[] } | { ok: false; problems: Problem[] };

const fail = (message: string, path: (string | number)[] = [], code = "format"): MigrateResult => ({
  ok: false,
  problems: [{ path, message, level: "structure", code: `migrate.${code}`, ids: [] }],
});

/** Checks the envelope (format, version) of a raw document and applies the migrations it needs, in order. */
export function migrateCrew(raw: unknown, migrations: readonly Migration[] = CREW_MIGRATIONS, target = CREW_VERSION): MigrateResult {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return fail("a crew file must contain a JSON object");
  const doc = raw as RawDoc;
  if (doc.format !== "crewdeck.crew")
    return fail(`this is not a crewdeck crew: "format" must be "crewdeck.crew"${doc.format === undefined ? " and is missing" : ""}`, [
      "format",
    ]);
  const version = doc.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1)
    return fail(`"version" must be a whole number from 1 up, not ${JSON.stringify(version)}`, ["version"], "version");
  if (version > target)
    return fail(
      `this crew was saved by a newer crewdeck (format version ${version}); this one reads versions up to ${target}`,
      ["version"],
      "too-new",
    );
  let current: RawDoc = structuredClone(doc);
  const applied: string[] = [];
  for (let v = version; v < target; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) return fail(`no migration from format version ${v} to ${v + 1}`, ["version"], "missing-step");
    try {
      current = { ...step.up(current), version: v + 1 };
    } catch (error) {
      return fail(`migrating from version ${v} failed: ${(error as Error).message}`, [], "step-failed");
    }
    applied.push(step.describe);
  }
  return { ok: true, doc: current, from: version, applied };
}
