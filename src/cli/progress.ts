import type { RunEvent } from "../engine";
import type { Crew } from "../model";

/** Prints a run as it happens, one readable line per step, to a writable stream (stderr by default). */
export function progressPrinter(crew: Crew, write: (line: string) => void): (event: RunEvent) => void {
  const name = (taskId: string) => {
    const task = crew.tasks.find((t) => t.id === taskId);
    return task?.name.trim() || taskId;
  };
  const role = (agentId: string | null | undefined) => crew.agents.find((a) => a.id === agentId)?.role.trim() || agentId || "no agent";
  const short = (text: string, max = 100) => {
    const flat = text.replace(/\s+/g, " ").trim();
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  };
  return (event) => {
    switch (event.type) {
      case "run.started":
        write(`▶ ${event.crew}: ${event.tasks.length} tasks, ${event.process}`);
        break;
      case "task.started":
        write(`● ${name(event.taskId)} — ${role(event.agentId)}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ""}`);
        break;
      case "agent.step":
        if (event.action) write(`  ⚙ ${event.action.tool} ${short(JSON.stringify(event.action.input), 80)}`);
        break;
      case "tool.finished":
        write(`    → ${event.cacheHit ? "(cached) " : ""}${event.repeated ? "(repeated, not run) " : ""}${short(event.output)}`);
        break;
      case "agent.parse_error":
        write(`  ! could not read the reply (${event.error}); asking again`);
        break;
      case "agent.forced_final":
        write("  ! step limit reached; asking for a final answer");
        break;
      case "llm.retry":
        write(`  ↻ retry ${event.attempt} in ${(event.delayMs / 1000).toFixed(1)} s: ${short(event.reason)}`);
        break;
      case "llm.fallback":
        write("  ! the endpoint does not take native tools; using the text protocol");
        break;
      case "ratelimit.wait":
        write(`  … rate limit (${event.scope}): waiting ${(event.ms / 1000).toFixed(1)} s`);
        break;
      case "output.invalid":
        write(`  ! output does not match the schema: ${short(event.errors)}`);
        break;
      case "guardrail.result":
        write(`  ${event.passed ? "✓" : "✗"} guardrail: ${short(event.reason)}`);
        break;
      case "file.written":
        write(`  ✎ wrote ${event.path} (${event.bytes} bytes)`);
        break;
      case "task.completed":
        write(`✓ ${name(event.taskId)} (${event.output.usage.totalTokens} tokens${event.output.usage.estimated ? ", estimated" : ""})`);
        break;
      case "task.failed":
        write(`✗ ${name(event.taskId)}: ${event.error}`);
        break;
      case "budget.exceeded":
        write(
          event.unit === "usd"
            ? `✗ cost budget $${event.limit} reached ($${event.used.toFixed(4)} spent)`
            : `✗ token budget ${event.limit} reached (${event.used} used)`,
        );
        break;
      case "round.started":
        write(`— round ${event.round}: ${event.agents.map((a) => role(a)).join(", ")}`);
        break;
      case "run.completed":
        write(`■ done in ${(event.durationMs / 1000).toFixed(1)} s — ${event.usage.requests} requests, ${event.usage.totalTokens} tokens`);
        break;
      case "run.failed":
        write(`■ failed: ${event.error}`);
        break;
      case "run.cancelled":
        write(`■ cancelled: ${event.reason}`);
        break;
      default:
        break;
    }
  };
}
