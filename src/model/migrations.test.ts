import { describe, expect, it } from "vitest";
import { CREW_MIGRATIONS, type MigrateResult, type Migration, migrateCrew, type RawDoc } from "./migrations";
import { CREW_VERSION } from "./schema";
import { nth, rawCrewDoc } from "./testCrews";

function problemsOf(result: MigrateResult) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result.problems;
}

function onlyProblem(result: MigrateResult) {
  const problems = problemsOf(result);
  expect(problems).toHaveLength(1);
  const [problem] = problems;
  if (!problem) throw new Error("no problem");
  expect(problem.level).toBe("structure");
  return problem;
}

/** A synthetic v1 → v2 → v3 chain: v2 renames `name` to `title`, v3 adds `tags`. Listed out of order on purpose. */
const toV3: Migration = {
  from: 2,
  describe: "added tags",
  up: (doc) => ({ ...doc, tags: [`v${String(doc.version)}`] }),
};
const toV2: Migration = {
  from: 1,
  describe: "renamed name to title",
  up: ({ name, ...doc }) => ({ ...doc, title: name }),
};
const chain = [toV3, toV2];

describe("migrateCrew envelope", () => {
  it.each([null, 42, "crew", [], true, undefined])("refuses %j, which is not an object", (raw) => {
    const problem = onlyProblem(migrateCrew(raw));
    expect(problem.code).toBe("migrate.format");
    expect(problem.path).toEqual([]);
    expect(problem.message).toMatch(/JSON object/);
  });

  it("refuses a document without a format and says it is missing", () => {
    const { format: _, ...doc } = rawCrewDoc();
    const problem = onlyProblem(migrateCrew(doc));
    expect(problem.path).toEqual(["format"]);
    expect(problem.code).toBe("migrate.format");
    expect(problem.message).toMatch(/not a crewdeck crew.*missing/);
  });

  it("refuses a document of another format", () => {
    const problem = onlyProblem(migrateCrew(rawCrewDoc({ format: "crewai.crew" })));
    expect(problem.path).toEqual(["format"]);
    expect(problem.message).toContain('"crewdeck.crew"');
    expect(problem.message).not.toMatch(/missing/);
  });

  it.each([undefined, "1", 0, -1, 1.5, null, Number.NaN])("refuses version %j", (version) => {
    const problem = onlyProblem(migrateCrew(rawCrewDoc({ version })));
    expect(problem.path).toEqual(["version"]);
    expect(problem.code).toBe("migrate.version");
    expect(problem.message).toMatch(/whole number/);
  });

  it("refuses a version newer than this build with a clear message", () => {
    const problem = onlyProblem(migrateCrew(rawCrewDoc({ version: CREW_VERSION + 1 })));
    expect(problem.code).toBe("migrate.too-new");
    expect(problem.path).toEqual(["version"]);
    expect(problem.message).toContain("newer crewdeck");
    expect(problem.message).toContain(`version ${CREW_VERSION + 1}`);
    expect(problem.message).toContain(`up to ${CREW_VERSION}`);
  });

  it("passes a current document through unchanged, as a copy", () => {
    const doc = rawCrewDoc({ agents: [{ id: "a" }] });
    const result = migrateCrew(doc);
    expect(result).toEqual({ ok: true, doc, from: CREW_VERSION, applied: [] });
    if (result.ok) {
      expect(result.doc).not.toBe(doc);
      expect(result.doc.agents).not.toBe(doc.agents);
    }
  });

  it("has no migrations yet for format version 1", () => {
    expect(CREW_VERSION).toBe(1);
    expect(CREW_MIGRATIONS).toEqual([]);
  });
});

describe("migrateCrew chains", () => {
  it("applies the steps in version order, records them and sets the version", () => {
    const result = migrateCrew(rawCrewDoc({ name: "Trip" }), chain, 3);
    expect(result).toEqual({
      ok: true,
      from: 1,
      applied: ["renamed name to title", "added tags"],
      doc: { format: "crewdeck.crew", version: 3, title: "Trip", tags: ["v2"] },
    });
  });

  it("starts from the document's own version", () => {
    const result = migrateCrew({ format: "crewdeck.crew", version: 2, title: "Trip" }, chain, 3);
    expect(result).toEqual({
      ok: true,
      from: 2,
      applied: ["added tags"],
      doc: { format: "crewdeck.crew", version: 3, title: "Trip", tags: ["v2"] },
    });
  });

  it("sets the version even when a step forgets to", () => {
    const result = migrateCrew(rawCrewDoc(), [{ from: 1, describe: "noop", up: (doc) => ({ ...doc, version: 99 }) }], 2);
    expect(result.ok && result.doc.version).toBe(2);
  });

  it("fails naming the version whose step is missing", () => {
    const problem = onlyProblem(migrateCrew(rawCrewDoc(), [toV2], 3));
    expect(problem.code).toBe("migrate.missing-step");
    expect(problem.message).toContain("from format version 2 to 3");
  });

  it("fails with the message of a step that throws", () => {
    const broken: Migration = {
      from: 2,
      describe: "broken",
      up: () => {
        throw new Error("tasks must be an array");
      },
    };
    const problem = onlyProblem(migrateCrew(rawCrewDoc(), [toV2, broken], 3));
    expect(problem.code).toBe("migrate.step-failed");
    expect(problem.message).toContain("version 2");
    expect(problem.message).toContain("tasks must be an array");
  });

  it("does not mutate the input, even when a step mutates its argument", () => {
    const mutating: Migration = {
      from: 1,
      describe: "mutates in place",
      up: (doc: RawDoc) => {
        doc.name = "changed";
        nth(doc.agents as { id: string }[], 0).id = "changed";
        delete doc.description;
        return doc;
      },
    };
    const input = rawCrewDoc({ description: "keep", agents: [{ id: "a" }] });
    const before = structuredClone(input);
    const result = migrateCrew(input, [mutating], 2);
    expect(result.ok).toBe(true);
    expect(input).toEqual(before);
    expect(result.ok && result.doc).toMatchObject({ name: "changed", agents: [{ id: "changed" }], version: 2 });
  });
});
