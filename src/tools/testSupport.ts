import type { ToolContext } from "../engine/ports";
import type { Tool } from "../model";
import { RunFileSpace } from "./RunFileSpace";

/** A built-in tool node as the crew document holds it (test helper). */
export function builtinTool(name: string, config: Record<string, unknown> = {}, description = ""): Tool {
  return { id: `${name}-1`, kind: "builtin", name, description, config };
}

/** A tool context with fresh files and a signal the test can abort (test helper). */
export function toolContext(files = new RunFileSpace()): ToolContext & { controller: AbortController; files: RunFileSpace } {
  const controller = new AbortController();
  return { runId: "run-1", signal: controller.signal, files, controller };
}
