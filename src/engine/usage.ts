import type { UsageReport } from "./events";
import type { ChatMessage, Usage } from "./ports";

/** A zeroed usage report. */
export function emptyUsage(): UsageReport {
  return { promptTokens: 0, completionTokens: 0, totalTokens: 0, requests: 0, estimated: false };
}

/** Rough token count of text (about four characters a token), for endpoints that report none. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Estimated prompt tokens of a request, counted before sending it (for the budget check). */
export function estimatePrompt(messages: readonly ChatMessage[]): number {
  return messages.reduce((n, m) => n + estimateTokens(m.content) + 4, 0);
}

/** Adds one call's usage into a report (in place). */
export function addUsage(into: UsageReport, usage: Usage, estimated: boolean): void {
  into.promptTokens += usage.promptTokens;
  into.completionTokens += usage.completionTokens;
  into.totalTokens += usage.promptTokens + usage.completionTokens;
  into.requests += 1;
  into.estimated ||= estimated;
}

/** Sums reports (e.g. the runs of kickoffForEach). */
export function sumUsage(reports: readonly UsageReport[]): UsageReport {
  const total = emptyUsage();
  for (const r of reports) {
    total.promptTokens += r.promptTokens;
    total.completionTokens += r.completionTokens;
    total.totalTokens += r.totalTokens;
    total.requests += r.requests;
    total.estimated ||= r.estimated;
  }
  return total;
}

/** Usage of one run, kept per task, per agent and in total; each call is counted exactly once. */
export class UsageMeter {
  readonly total = emptyUsage();
  readonly byTask = new Map<string, UsageReport>();
  readonly byAgent = new Map<string, UsageReport>();
  /** Estimated prompt tokens of requests sent and not answered yet (for the token budget check). */
  pendingPrompt = 0;

  /** Records one call. */
  record(usage: Usage, estimated: boolean, taskId?: string, agentId?: string | null): void {
    addUsage(this.total, usage, estimated);
    if (taskId) addUsage(this.slot(this.byTask, taskId), usage, estimated);
    if (agentId) addUsage(this.slot(this.byAgent, agentId), usage, estimated);
  }

  /** A copy of one task's usage so far. */
  task(taskId: string): UsageReport {
    return { ...(this.byTask.get(taskId) ?? emptyUsage()) };
  }

  private slot(map: Map<string, UsageReport>, key: string): UsageReport {
    let report = map.get(key);
    if (!report) {
      report = emptyUsage();
      map.set(key, report);
    }
    return report;
  }
}
