import type { Crew } from "./schema";

/** Matches `{name}` placeholders; JSON such as {"a": 1} does not match because of the quote. */
export const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_-]*)\}/g;

/** The distinct placeholder names used in agent and task texts, in order of first use. */
export function findPlaceholders(crew: Crew): string[] {
  const texts = [
    ...crew.agents.flatMap((a) => [a.role, a.goal, a.backstory]),
    ...crew.tasks.flatMap((t) => [t.description, t.expectedOutput, t.outputFile ?? ""]),
  ];
  const found = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(PLACEHOLDER)) found.add(match[1] as string);
  return [...found];
}
