import type { z } from "zod";

/** A path into the crew document, e.g. ["tasks", 2, "agent"]. */
export type DocPath = readonly (string | number)[];

/** How bad a problem is: `structure` breaks the graph (refused on import and in the editor), `run` only blocks a run. */
export type ProblemLevel = "structure" | "run";

/** One thing wrong with a crew document, with where it is and which ids it concerns. */
export interface Problem {
  path: DocPath;
  message: string;
  level: ProblemLevel;
  code: string;
  /** Node ids the problem concerns, so the canvas can mark them. */
  ids: string[];
}

/** Renders a path the way a JSON user reads it: `$.tasks[2].agent`. */
export function formatPath(path: DocPath): string {
  let out = "$";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)) out += `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** Converts zod issues into problems; all schema failures are structural. */
export function problemsFromZod(issues: readonly z.core.$ZodIssue[], prefix: DocPath = []): Problem[] {
  return issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
    message: issue.message,
    level: "structure",
    code: `schema.${issue.code}`,
    ids: [],
  }));
}

/** One line per problem, for CLIs and error dialogs. */
export function describeProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join("\n");
}
