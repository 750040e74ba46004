import type { RunEvent } from "../engine";
import type { Crew } from "../model";

// Delegation calls get their own lines (↳ … ↲), so their tool-call lines would only repeat them.
const DELEGATION_TOOL = /^(delegateworktocoworker|askquestiontocoworker)$/;

/**
 * Prints a run as it happens, one readable line per step, to a writable stream (stderr by default). A coworker's work
 * on a delegation is indented under the delegation, one level per depth.
 */
export function progressPrinter(crew: Crew, write: (line: string) => void): (event: RunEvent) => void {
  const name = (taskId: string) => {
    const task = crew.tasks.find((t) => t.id === taskId);
    return task?.name.trim() || taskId;
  };
  let manager: { agentId: string; role: string } | undefined;
  const role = (agentId: string | null | undefined) =>
    (agentId === manager?.agentId ? manager?.role : undefined) ||
    crew.agents.find((a) => a.id === agentId)?.role.trim() ||
    agentId ||
    "no agent";
  const short = (text: string, max = 100) => {
    const flat = text.replace(/\s+/g, " ").trim();
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  };
  // Depth of each delegation seen, by id: the nesting of the events that carry it as their parentId.
  const delegations = new Map<string, number>();
  let pad = "";
  const out = (line: string) => write(`${pad}${line}`);
  return (event) => {
    pad = "    ".repeat((event.parentId && delegations.get(event.parentId)) || 0);
    switch (event.type) {
      case "run.started":
        manager = event.manager;
        write(`▶ ${event.crew}: ${event.tasks.length} tasks, ${event.process}${manager ? `, managed by ${manager.role}` : ""}`);
        break;
      case "task.started":
        write(`● ${name(event.taskId)} — ${role(event.agentId)}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ""}`);
        break;
      case "agent.step":
        if (event.action && !DELEGATION_TOOL.test(event.action.tool.toLowerCase().replace(/[^a-z]/g, "")))
          out(`  ⚙ ${event.action.tool} ${short(JSON.stringify(event.action.input), 80)}`);
        break;
      case "tool.finished":
        if (!delegations.has(event.toolCallId))
          out(`    → ${event.cacheHit ? "(cached) " : ""}${event.repeated ? "(repeated, not run) " : ""}${short(event.output)}`);
        break;
      case "delegation.started":
        delegations.set(event.delegationId, event.depth);
        out(
          `  ↳ ${role(event.fromAgentId)} ${event.kind === "ask" ? "asks" : "delegates to"} ${role(event.toAgentId)}: ${short(event.request, 80)}`,
        );
        break;
      case "delegation.finished":
        out(`  ↲ ${role(event.toAgentId)} ${event.error ? `could not answer: ${short(event.error)}` : `answered: ${short(event.output)}`}`);
        break;
      case "agent.parse_error":
        out(`  ! could not read the reply (${event.error}); asking again`);
        break;
      case "agent.forced_final":
        out("  ! step limit reached; asking for a final answer");
        break;
      case "llm.retry":
        out(`  ↻ retry ${event.attempt} in ${(event.delayMs / 1000).toFixed(1)} s: ${short(event.reason)}`);
        break;
      case "llm.fallback":
        out("  ! the endpoint does not take native tools; using the text protocol");
        break;
      case "ratelimit.wait":
        out(`  … rate limit (${event.scope}): waiting ${(event.ms / 1000).toFixed(1)} s`);
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
      case "plan.created":
        write(event.plans.length ? `◇ plan for ${event.plans.length} task${event.plans.length === 1 ? "" : "s"}` : "◇ no plan");
        for (const p of event.plans) {
          write(`  ${name(p.taskId)}:`);
          for (const line of p.plan.split("\n").filter((l) => l.trim())) write(`    ${short(line, 120)}`);
        }
        if (event.warning) write(`  ! ${event.warning}`);
        break;
      case "condition.checked":
        write(
          `? ${name(event.taskId)}: condition ${event.passed ? "met" : "not met"}${event.against ? ` by "${name(event.against)}"` : ""} — ${short(event.reason)}`,
        );
        break;
      case "task.skipped":
        write(`↷ ${name(event.taskId)} skipped (passes on an empty output)`);
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
