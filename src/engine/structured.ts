import { z } from "zod";
import { parseLooseJson } from "./react";

/** The outcome of checking an answer against a task's output schema. */
export type StructuredResult = { ok: true; json: unknown } | { ok: false; errors: string };

const validators = new WeakMap<object, z.ZodType>();

/** Pulls JSON out of an answer (code fences and prose around it are tolerated) and validates it against the schema. */
export function checkStructured(raw: string, schema: Record<string, unknown>): StructuredResult {
  const body = extractJson(raw);
  if (body === undefined) return { ok: false, errors: "the answer contains no JSON value" };
  const value = parseLooseJson(body);
  if (typeof value === "string") return { ok: false, errors: "the answer's JSON could not be parsed" };
  let validator = validators.get(schema);
  if (!validator) {
    try {
      validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    } catch (error) {
      return { ok: false, errors: `the task's output schema is not usable: ${(error as Error).message}` };
    }
    validators.set(schema, validator);
  }
  const parsed = validator.safeParse(value);
  if (parsed.success) return { ok: true, json: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`).join("; ") };
}

function extractJson(raw: string): string | undefined {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(raw);
  if (fenced?.[1]?.trim()) return fenced[1].trim();
  const start = raw.search(/[[{]/);
  if (start < 0) return undefined;
  const open = raw[start] as "{" | "[";
  const close = open === "{" ? "}" : "]";
  const end = raw.lastIndexOf(close);
  return end > start ? raw.slice(start, end + 1) : raw.slice(start);
}
