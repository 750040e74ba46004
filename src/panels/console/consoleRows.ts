import type { RunEvent } from "../../engine/events";
import type { Crew } from "../../model";
import { DelegationIndex } from "./consoleDelegations";
import { consoleLabels } from "./consoleLabels";
import { describeLine } from "./consoleLines";
import { RoomLog } from "./consoleRoom";
import {
  conditionText,
  delegationDone,
  delegationRow,
  lineRow,
  llmAnswered,
  llmRow,
  planRow,
  RUN_LEVEL,
  toolDone,
  toolRow,
  UNANSWERED,
  type Where,
} from "./consoleRowMakers";
import type { ConsoleKind, ConsoleModel, ConsoleRow, ConsoleSection, RunFooter, RunHeader, Tone } from "./consoleTypes";
import { formatJson } from "./format";

type Block = { section: string | null; keys: string[] };

/**
 * Folds run events into console rows one at a time, so a live log costs only its new events. Rows and sections are
 * replaced, never mutated, so a row that did not change keeps its identity between snapshots (cheap re-renders).
 */
export class ConsoleBuilder {
  private header: RunHeader | null = null;
  private footer: RunFooter | null = null;
  private readonly rows = new Map<string, ConsoleRow>();
  private readonly sections = new Map<string, ConsoleSection>();
  private readonly blocks: Block[] = [];
  private readonly blockOf = new Map<string, Block>();
  /** Task id to its open section, and to its latest section (open or not). */
  private readonly open = new Map<string, string>();
  private readonly latest = new Map<string, string>();
  private readonly callSection = new Map<string, string | null>();
  private readonly running = new Set<string>();
  private readonly taskIds = new Set<string>();
  private readonly agentIds = new Set<string>();
  private readonly models = new Set<string>();
  private readonly delegations = new DelegationIndex();
  private readonly plans = new Map<string, string>();
  private readonly room: RoomLog;
  private readonly agentName: (id: string) => string;
  private readonly taskName: (id: string) => string;
  private count = 0;

  /** With the run's crew, lines name agents and tasks (and environment reactions are worked out); ids otherwise. */
  constructor(crew?: Crew) {
    const labels = crew ? consoleLabels(crew) : null;
    this.agentName = labels ? labels.agent : (id) => id;
    this.taskName = labels ? labels.task : (id) => id;
    this.room = new RoomLog(this.agentName, crew);
  }

  /** Folds one event. */
  add(e: RunEvent): void {
    this.count++;
    if ("agentId" in e && e.agentId) this.agentIds.add(e.agentId);
    switch (e.type) {
      case "run.started":
        this.header = { runId: e.runId, crew: e.crew, process: e.process, inputs: e.inputs, tasks: e.tasks, ts: e.ts };
        return;
      case "run.completed":
      case "run.failed":
      case "run.cancelled": {
        const message = e.type === "run.failed" ? e.error : e.type === "run.cancelled" ? e.reason : null;
        this.footer = {
          status: e.type === "run.completed" ? "completed" : e.type === "run.failed" ? "failed" : "cancelled",
          usage: e.usage,
          durationMs: e.durationMs,
          message,
        };
        this.stopRunning(null);
        for (const [taskId, key] of this.open) this.closeSection(taskId, key, "stopped");
        return;
      }
      case "task.queued":
        return;
      case "task.started": {
        const at = this.where(e, e.taskId);
        const section = this.sections.get(at.section ?? "");
        if (section) this.sections.set(section.key, { ...section, attempt: e.attempt, agentId: e.agentId, state: "running" });
        const context = e.context.length ? `Context: ${e.context.join(", ")}` : undefined;
        this.line(e, at, "task", "info", e.attempt > 1 ? `Attempt ${e.attempt} started` : "Started", context);
        // The plan the task works to, once, where a task filter finds it.
        const plan = this.plans.get(e.taskId);
        const key = `plan:${e.taskId}`;
        if (plan !== undefined && !this.rows.has(key))
          this.put(lineRow(e, at, "task", "info", "Plan", { detail: plan, markdown: true, key }));
        return;
      }
      case "plan.created":
        for (const p of e.plans) this.plans.set(p.taskId, p.plan);
        this.put(planRow(e));
        return;
      case "condition.checked":
        this.line(e, this.where(e, e.taskId), "task", e.passed ? "ok" : "warn", conditionText(e, this.taskName));
        return;
      case "delegation.started":
        this.startDelegation(e);
        return;
      case "delegation.finished": {
        const slot = this.delegations.finish(e.delegationId);
        if (!slot) return;
        this.running.delete(slot.key);
        this.update(slot.key, (row) => (row.type === "delegation" ? delegationDone(row, e) : row));
        return;
      }
      case "task.completed": {
        const at = this.where(e, e.taskId);
        this.put({ type: "output", key: `e:${e.seq}`, seq: e.seq, ts: e.ts, kind: "task", ...at, output: e.output });
        this.closeSection(e.taskId, at.section, "completed");
        return;
      }
      case "task.failed": {
        const at = this.where(e, e.taskId);
        this.line(e, at, "task", "danger", `Failed: ${e.error}`);
        this.closeSection(e.taskId, at.section, "failed");
        return;
      }
      case "task.skipped": {
        const at = this.where(e, e.taskId);
        this.line(e, at, "task", "info", `Skipped: ${e.reason}`);
        this.closeSection(e.taskId, at.section, "skipped");
        return;
      }
      case "llm.request": {
        const key = `llm:${e.callId}`;
        const prev = this.rows.get(key);
        this.running.add(key);
        if (prev?.type === "llm") {
          // A retry sends the same call again: one row, counting attempts, streaming afresh. Its request was logged by
          // the first attempt (a retry's own prompt is empty), so the row keeps that one.
          this.rows.set(key, { ...prev, ...UNANSWERED, attempts: prev.attempts + 1 });
          return;
        }
        const at = this.where(e, e.taskId ?? null);
        this.callSection.set(e.callId, at.section);
        this.models.add(e.model);
        this.put(llmRow(e, at));
        return;
      }
      case "llm.token":
        this.update(`llm:${e.callId}`, (row) => (row.type === "llm" ? { ...row, content: row.content + e.text } : row));
        return;
      case "llm.response":
        this.running.delete(`llm:${e.callId}`);
        this.update(`llm:${e.callId}`, (row) => (row.type === "llm" ? llmAnswered(row, e) : row));
        return;
      case "tool.started": {
        // The call that asked a coworker already has its row: the delegation logged first.
        if (this.delegations.has(e.toolCallId)) return;
        this.running.add(`tool:${e.toolCallId}`);
        this.put(toolRow(e, this.where(e, e.taskId)));
        return;
      }
      case "tool.finished":
        this.running.delete(`tool:${e.toolCallId}`);
        this.update(`tool:${e.toolCallId}`, (row) => (row.type === "tool" ? toolDone(row, e) : row));
        return;
      case "round.started":
        this.put(lineRow(e, RUN_LEVEL, "other", "info", this.room.round(e), { heading: true }));
        return;
      case "message.published": {
        const from = e.from === "user" ? null : e.from;
        if (from) this.agentIds.add(from);
        this.line(e, { ...RUN_LEVEL, agentId: from }, "other", "info", this.room.message(e), e.content, from !== null);
        return;
      }
      default: {
        const spec = describeLine(e);
        if (spec) this.line(e, this.where(e, spec.taskId), spec.kind, spec.tone, spec.text, spec.detail, spec.markdown);
        // A new event type: show it rather than lose it.
        else this.line(e, this.where(e, null), "other", "info", e.type, formatJson(e));
      }
    }
  }

  /** The console as it stands: a new model object, with unchanged rows keeping their identity. */
  snapshot(): ConsoleModel {
    const rows: ConsoleRow[] = [];
    for (const block of this.blocks)
      for (const key of block.keys) {
        const row = this.rows.get(key);
        if (row) rows.push(row);
      }
    return {
      header: this.header,
      footer: this.footer,
      sections: new Map(this.sections),
      rows,
      taskIds: [...this.taskIds],
      agentIds: [...this.agentIds],
      models: [...this.models],
      events: this.count,
    };
  }

  /** Which section an event belongs to: its task's, else the one of the call or task named by its parentId. */
  private where(e: RunEvent, taskId: string | null): Where {
    const own = "agentId" in e && e.agentId !== undefined ? e.agentId : undefined;
    const parent = this.delegations.parentOf(e);
    const host = parent ? this.rows.get(parent.key) : undefined;
    if (parent && host) return { section: host.section, taskId: host.taskId, agentId: own ?? parent.to, parent: parent.key };
    let section: string | null = null;
    if (taskId) {
      // A task that starts again (the next round of a conversation) gets a new section; late events join the last one.
      const last = e.type === "task.started" ? undefined : this.latest.get(taskId);
      section = this.open.get(taskId) ?? last ?? this.openSection(taskId, e);
    } else if ("callId" in e && this.callSection.has(e.callId)) section = this.callSection.get(e.callId) ?? null;
    else if (e.parentId) section = this.open.get(e.parentId) ?? this.callSection.get(e.parentId) ?? this.latest.get(e.parentId) ?? null;
    const info = section ? this.sections.get(section) : undefined;
    return { section, taskId: info?.taskId ?? null, agentId: own ?? info?.agentId ?? null };
  }

  private openSection(taskId: string, e: RunEvent): string {
    const n = [...this.sections.values()].filter((s) => s.taskId === taskId).length + 1;
    const key = `${taskId}#${n}`;
    const agentId = "agentId" in e ? (e.agentId ?? null) : null;
    this.sections.set(key, { key, taskId, agentId, attempt: 1, state: "running", seq: e.seq });
    this.open.set(taskId, key);
    this.latest.set(taskId, key);
    this.taskIds.add(taskId);
    const block: Block = { section: key, keys: [] };
    this.blocks.push(block);
    this.blockOf.set(key, block);
    return key;
  }

  private closeSection(taskId: string, key: string | null, state: ConsoleSection["state"]): void {
    const section = key ? this.sections.get(key) : undefined;
    if (!section) return;
    this.sections.set(section.key, { ...section, state });
    if (this.open.get(taskId) === section.key) this.open.delete(taskId);
    this.stopRunning(section.key);
  }

  /** Marks calls still running (in one section, or anywhere) as stopped: their task or run ended without them. */
  private stopRunning(section: string | null): void {
    for (const key of [...this.running]) {
      const row = this.rows.get(key);
      if (!row || (section !== null && row.section !== section)) continue;
      this.running.delete(key);
      if (row.type === "llm" || row.type === "tool" || row.type === "delegation") this.rows.set(key, { ...row, state: "stopped" });
    }
  }

  /**
   * A delegation turns the tool call that asked for it into a delegation row (same key and place); without such a
   * call (or when the delegation is logged first) it gets a row of its own. Either way the coworker's events nest
   * under it.
   */
  private startDelegation(e: Extract<RunEvent, { type: "delegation.started" }>): void {
    const call = this.rows.get(`tool:${e.delegationId}`);
    this.agentIds.add(e.toAgentId);
    if (call) {
      const { key, seq, ts, section, taskId, agentId, parent } = call;
      this.rows.set(key, delegationRow(e, { key, seq, ts, section, taskId, agentId, ...(parent ? { parent } : {}) }));
    } else this.put(delegationRow(e, { key: `del:${e.delegationId}`, seq: e.seq, ts: e.ts, ...this.where(e, e.taskId) }));
    const key = call?.key ?? `del:${e.delegationId}`;
    this.running.add(key);
    this.delegations.start({ id: e.delegationId, key, to: e.toAgentId, taskId: e.taskId });
  }

  private put(row: ConsoleRow): void {
    this.rows.set(row.key, row);
    const block = row.section ? this.blockOf.get(row.section) : undefined;
    if (block) block.keys.push(row.key);
    else this.blocks.push({ section: null, keys: [row.key] });
  }

  private update(key: string, change: (row: ConsoleRow) => ConsoleRow): void {
    const row = this.rows.get(key);
    if (row) this.rows.set(key, change(row));
  }

  private line(e: RunEvent, at: Where, kind: ConsoleKind, tone: Tone, text: string, detail?: string, markdown = false): void {
    this.put(lineRow(e, at, kind, tone, text, { detail, markdown }));
  }
}

/** The console rows of a whole event log (names from the crew when given); pure. */
export function buildConsole(events: readonly RunEvent[], crew?: Crew): ConsoleModel {
  const builder = new ConsoleBuilder(crew);
  for (const event of events) builder.add(event);
  return builder.snapshot();
}
