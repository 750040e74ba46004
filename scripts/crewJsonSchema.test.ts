import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CREW_SCHEMA_ID, crewJsonSchema, crewJsonSchemaText } from "./crewJsonSchema";

const schemaFile = fileURLToPath(new URL("../public/schema/crew.schema.json", import.meta.url));

describe("crew JSON Schema", () => {
  it("is a draft 2020-12 schema with an id, title and description", () => {
    const schema = crewJsonSchema() as Record<string, unknown>;
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toBe(CREW_SCHEMA_ID);
    expect(schema.title).toEqual(expect.any(String));
    expect(schema.description).toEqual(expect.any(String));
    expect(schema.type).toBe("object");
  });

  it("describes the input side: defaulted fields are optional, unknown keys are refused", () => {
    const schema = crewJsonSchema() as { required?: string[]; additionalProperties?: unknown; properties: Record<string, unknown> };
    expect([...(schema.required ?? [])].sort()).toEqual(["format", "name", "version"]);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toContain("layout");
  });

  it("matches the committed public/schema/crew.schema.json", () => {
    let committed: string;
    try {
      committed = readFileSync(schemaFile, "utf8");
    } catch {
      committed = "";
    }
    expect(committed, "public/schema/crew.schema.json is missing or out of date: run `npm run schema` and commit the result").toBe(
      crewJsonSchemaText(),
    );
  });
});
