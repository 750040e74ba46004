import { z } from "zod";
import type { ToolContext } from "../engine/ports";

/** A fetch as the tools call it: the global one, or a stand-in injected by tests. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Side effects the built-in tools use, injected so tests control them. */
export interface ToolEnv {
  fetch: FetchLike;
  /** Milliseconds since the epoch, like Date.now(). */
  now: () => number;
}

/** What one call of a built-in tool receives besides its arguments. */
export interface ToolCallEnv<C> {
  config: C;
  context: ToolContext;
  env: ToolEnv;
}

/** A built-in tool with its argument types erased: `run` validates raw arguments and config itself. */
export interface BuiltinTool {
  readonly name: string;
  /** JSON Schema of the arguments, as offered to the model. */
  readonly parameters: Record<string, unknown>;
  /** Throws a message naming the tool and the field when the tool's config is unusable. */
  checkConfig(config: unknown): void;
  run(args: unknown, config: unknown, context: ToolContext, env: ToolEnv): Promise<string>;
}

/** Declares a built-in tool from zod schemas of its arguments and config. */
export function defineTool<A extends z.ZodObject, C extends z.ZodObject>(definition: {
  name: string;
  args: A;
  config: C;
  /** Shown to a model that sent something other than an object, so it can see the expected shape. */
  example: z.input<A>;
  run(args: z.output<A>, call: ToolCallEnv<z.output<C>>): Promise<string> | string;
}): BuiltinTool {
  const { name, args, config, example } = definition;
  const schema: Record<string, unknown> = z.toJSONSchema(args, { io: "input" });
  // Some OpenAI-compatible servers reject unknown top-level keywords in tool parameters; "$schema" adds nothing for a model.
  delete schema.$schema;
  return {
    name,
    parameters: schema,
    checkConfig: (raw) => void validate(name, "config", config, raw ?? {}),
    async run(rawArgs, rawConfig, context, env) {
      const parsedConfig = validate(name, "config", config, rawConfig ?? {});
      const parsedArgs = validate(name, "arguments", args, rawArgs, example);
      return definition.run(parsedArgs, { config: parsedConfig, context, env });
    },
  };
}

/** Parses with a schema, or throws one readable message naming the tool and each bad field. */
function validate<S extends z.ZodObject>(
  tool: string,
  what: "arguments" | "config",
  schema: S,
  raw: unknown,
  example?: unknown,
): z.output<S> {
  const hint = example === undefined ? "" : ` Example: ${JSON.stringify(example)}`;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new Error(`${tool}: the ${what} must be a JSON object, not ${describe(raw)}.${hint}`);
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => explain(issue, raw as Record<string, unknown>));
  // Extra keys are tolerated (models add "reason" and the like), but name them when a field is missing: usually a typo.
  const extra = Object.keys(raw).filter((key) => !(key in schema.shape));
  const extraNote = extra.length > 0 ? ` (unexpected field${extra.length > 1 ? "s" : ""}: ${extra.join(", ")})` : "";
  throw new Error(`${tool}: invalid ${what}: ${problems.join("; ")}${extraNote}.${hint}`);
}

function explain(issue: z.core.$ZodIssue, raw: Record<string, unknown>): string {
  const field = issue.path.map(String).join(".");
  const label = field ? `'${field}'` : "the value";
  if (issue.code === "invalid_type") {
    const value = issue.path.reduce<unknown>(
      (node, key) => (node && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined),
      raw,
    );
    const expected = article(String(issue.expected));
    return value === undefined ? `${label} is missing (expected ${expected})` : `${label} must be ${expected}, not ${describe(value)}`;
  }
  return `${label} ${issue.message}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the text ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
  return article(typeof value);
}
