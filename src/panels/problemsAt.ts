import type { DocPath, Problem } from "../model";

/** Problems whose path starts with `prefix` (e.g. ["agents", 0, "role"]). */
export function problemsAt(problems: readonly Problem[], ...prefix: DocPath): Problem[] {
  return problems.filter((p) => prefix.every((part, i) => p.path[i] === part));
}
