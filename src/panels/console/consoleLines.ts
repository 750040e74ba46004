import type { RunEvent } from "../../engine/events";
import { describeMemoryLine } from "./consoleMemory";
import type { ConsoleKind, Tone } from "./consoleTypes";
import { formatMs } from "./format";

/** How a one-line event reads in the console, and the task it names (null: the call or run it happened in). */
export interface LineSpec {
  taskId: string | null;
  kind: ConsoleKind;
  tone: Tone;
  text: string;
  detail?: string | undefined;
  /** The detail is model-written text, shown as Markdown. */
  markdown?: boolean;
}

/** The line of an event that the console shows as one compact line; null for the events it folds otherwise. */
export function describeLine(e: RunEvent): LineSpec | null {
  switch (e.type) {
    case "llm.retry":
      return line(null, "llm", "warn", `Model call failed (attempt ${e.attempt}), retrying in ${formatMs(e.delayMs)}`, e.reason);
    case "llm.fallback":
      return line(null, "llm", "warn", "The model refused native tool calls: switching to the text protocol", e.reason);
    case "agent.step": {
      const action = e.action ? ` → ${e.action.tool}` : " → final answer";
      return { ...line(e.taskId, "task", "info", `Step ${e.iteration}${action}`, e.thought), markdown: true };
    }
    case "agent.parse_error":
      return line(e.taskId, "task", "warn", `Step ${e.iteration}: the reply could not be read`, e.error);
    case "agent.forced_final":
      return line(e.taskId, "task", "warn", `Reached ${e.iteration} steps: asking for a final answer`);
    case "guardrail.result": {
      const text = `Guardrail ${e.passed ? "passed" : "failed"} (attempt ${e.attempt})`;
      return line(e.taskId, "task", e.passed ? "ok" : "warn", text, e.reason || undefined);
    }
    case "output.invalid":
      return line(e.taskId, "task", "warn", `Output did not match its schema (attempt ${e.attempt})`, e.errors);
    case "human.waiting":
      return line(e.taskId, "task", "info", "Waiting for human review");
    case "human.verdict": {
      const text = e.approved ? "Approved by the reviewer" : "Sent back by the reviewer";
      return line(e.taskId, "task", e.approved ? "ok" : "warn", text, e.feedback);
    }
    case "file.written":
      return line(e.taskId ?? null, "task", "ok", `Wrote ${e.path} (${e.bytes} bytes)`);
    case "ratelimit.wait":
      return line(null, "other", "info", `Waiting ${formatMs(e.ms)} for the ${e.scope === "agent" ? "agent's" : "crew's"} rate limit`);
    case "budget.exceeded":
      return line(
        null,
        "other",
        "danger",
        e.unit === "usd"
          ? `Cost budget reached: $${e.used.toFixed(4)} of $${e.limit.toFixed(2)} spent`
          : `Token budget exceeded: ${e.used} of ${e.limit} used`,
      );
    default:
      return describeMemoryLine(e);
  }
}

function line(taskId: string | null, kind: ConsoleKind, tone: Tone, text: string, detail?: string): LineSpec {
  return { taskId, kind, tone, text, detail };
}
