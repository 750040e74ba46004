import type { RunEvent } from "../../engine/events";
import { describeLine } from "./consoleLines";
import type { ConsoleKind, ConsoleModel, ConsoleRow, ConsoleSection, LineRow, LlmRow, RunFooter, RunHeader, Tone } from "./consoleTypes";
import { formatJson } from "./format";

/** A model call's row while its (latest) attempt waits for the answer. */
const UNANSWERED = { state: "running", content: "", toolCalls: [], usage: null, durationMs: null } as const satisfies Partial<LlmRow>;

type Block = { section: string | null; keys: string[] };
type Where = { section: string | null; taskId: string | null; agentId: string | null };
const RUN_LEVEL: Where = { section: null, taskId: null, agentId: null };

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
  private count = 0;

  /** `agentName` turns agent ids into names in the lines written here (rounds, messages); ids by default. */
  constructor(private readonly agentName: (id: string) => string = (id) => id) {}

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
        this.put({
          type: "llm",
          key,
          seq: e.seq,
          ts: e.ts,
          kind: "llm",
          ...at,
          callId: e.callId,
          model: e.model,
          provider: e.provider,
          messages: e.messages,
          tools: e.tools,
          // Logs saved before requests were recorded have no prompt: such a row says so instead of breaking.
          prompt: e.prompt ?? [],
          promptFrom: e.promptFrom ?? 0,
          attempts: 1,
          ...UNANSWERED,
        });
        return;
      }
      case "llm.token":
        this.update(`llm:${e.callId}`, (row) => (row.type === "llm" ? { ...row, content: row.content + e.text } : row));
        return;
      case "llm.response":
        this.running.delete(`llm:${e.callId}`);
        this.update(`llm:${e.callId}`, (row) =>
          row.type === "llm"
            ? { ...row, state: "done", content: e.content, toolCalls: e.toolCalls, usage: e.usage, durationMs: e.durationMs }
            : row,
        );
        return;
      case "tool.started": {
        const key = `tool:${e.toolCallId}`;
        this.running.add(key);
        const at = this.where(e, e.taskId);
        const base = { key, seq: e.seq, ts: e.ts, kind: "tool" as const, ...at, agentId: e.agentId ?? at.agentId };
        this.put({
          ...base,
          type: "tool",
          toolCallId: e.toolCallId,
          tool: e.tool,
          input: e.input,
          state: "running",
          output: null,
          error: null,
          cacheHit: false,
          repeated: false,
          durationMs: null,
        });
        return;
      }
      case "tool.finished":
        this.running.delete(`tool:${e.toolCallId}`);
        this.update(`tool:${e.toolCallId}`, (row) =>
          row.type === "tool"
            ? {
                ...row,
                tool: e.tool,
                state: "done",
                output: e.output,
                error: e.error ?? null,
                cacheHit: e.cacheHit,
                repeated: e.repeated,
                durationMs: e.ts - row.ts,
              }
            : row,
        );
        return;
      case "round.started":
        this.line(e, RUN_LEVEL, "other", "info", `Round ${e.round}: ${e.agents.map(this.agentName).join(", ")}`);
        return;
      case "message.published": {
        const from = e.from === "user" ? null : e.from;
        if (from) this.agentIds.add(from);
        const text = from ? `${this.agentName(from)} → ${e.to} (round ${e.round})` : "Opening message";
        this.line(e, { ...RUN_LEVEL, agentId: from }, "other", "info", text, e.content, from !== null);
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
    let section: string | null = null;
    if (taskId) {
      // A task that starts again (the next round of a conversation) gets a new section; late events join the last one.
      const last = e.type === "task.started" ? undefined : this.latest.get(taskId);
      section = this.open.get(taskId) ?? last ?? this.openSection(taskId, e);
    } else if ("callId" in e && this.callSection.has(e.callId)) section = this.callSection.get(e.callId) ?? null;
    else if (e.parentId) section = this.open.get(e.parentId) ?? this.callSection.get(e.parentId) ?? this.latest.get(e.parentId) ?? null;
    const info = section ? this.sections.get(section) : undefined;
    const own = "agentId" in e && e.agentId !== undefined ? e.agentId : undefined;
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
      if (row.type === "llm" || row.type === "tool") this.rows.set(key, { ...row, state: "stopped" });
    }
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
    const row: LineRow = { type: "line", key: `e:${e.seq}`, seq: e.seq, ts: e.ts, kind, ...at, tone, text };
    if (detail?.trim()) Object.assign(row, { detail, ...(markdown ? { markdown } : {}) });
    this.put(row);
  }
}

/** The console rows of a whole event log; pure. */
export function buildConsole(events: readonly RunEvent[], agentName?: (id: string) => string): ConsoleModel {
  const builder = new ConsoleBuilder(agentName);
  for (const event of events) builder.add(event);
  return builder.snapshot();
}
