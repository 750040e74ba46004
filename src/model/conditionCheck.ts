import parseJsonPath from "jsonpath-rfc9535/parser";
import type { DocPath, ProblemLevel } from "./problems";
import type { Condition } from "./schema";

type Report = (level: ProblemLevel, code: string, path: DocPath, message: string, ids: string[]) => void;

/** Checks a jsonPath condition before a run: the path must be RFC 9535 JSONPath, and equals/notEquals need a value. */
export function checkJsonPathCondition(
  condition: Extract<Condition, { type: "jsonPath" }>,
  at: DocPath,
  label: string,
  taskId: string,
  report: Report,
): void {
  const error = jsonPathSyntaxError(condition.path);
  if (error)
    report("run", "condition-path", [...at, "path"], `task ${label} has a condition path that is not JSONPath (${error})`, [taskId]);
  if ((condition.op === "equals" || condition.op === "notEquals") && condition.value === undefined)
    report("run", "condition-value", [...at, "value"], `task ${label} compares its condition path with no value`, [taskId]);
}

/** Why a JSONPath expression does not parse (with the character where it fails), or undefined when it does. */
export function jsonPathSyntaxError(path: string): string | undefined {
  try {
    parseJsonPath(path);
    return undefined;
  } catch (error) {
    const offset = (error as { location?: { start?: { offset?: number } } }).location?.start?.offset;
    const message = (error as Error).message.replace(/\.$/, "");
    return `${offset === undefined ? "" : `at character ${offset + 1}: `}${message}; a path looks like $.status or $.items[0]['name']`;
  }
}
