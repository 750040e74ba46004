import { z } from "zod";
import { CrewSchema } from "../src/model/schema";

/** Where the published schema lives, both on the site and in `$id`. */
export const CREW_SCHEMA_ID = "https://crewdeck.dev/schema/crew.schema.json";

/**
 * JSON Schema (draft 2020-12) of the crew document as a person writes it: the schema's input side,
 * so fields with defaults are optional. Editors use it to validate and complete `*.crew.json` files.
 */
export function crewJsonSchema(): object {
  const { $schema, ...rest } = z.toJSONSchema(CrewSchema, { io: "input", target: "draft-2020-12" });
  return {
    $schema,
    $id: CREW_SCHEMA_ID,
    title: "crewdeck crew",
    description:
      "A crewdeck crew document (`<name>.crew.json`): agents, tasks, tools, model configs, settings and canvas layout. API keys never appear in it.",
    ...rest,
  };
}

/** The schema file's exact text: pretty-printed with two spaces and a final newline. */
export function crewJsonSchemaText(): string {
  return `${JSON.stringify(crewJsonSchema(), null, 2)}\n`;
}
