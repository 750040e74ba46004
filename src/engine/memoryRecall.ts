import type { Agent } from "../model";
import { extractEntities } from "./entities";
import type { MemoryDraft, MemoryHit } from "./ports";
import type { RunContext } from "./taskRunner";

/** Whether a task's agent uses memory: the crew setting turns it on for everyone, the agent's flag for that agent alone. */
export function memoryOn(ctx: RunContext, agent: Pick<Agent, "memory"> | null): boolean {
  return ctx.crew.settings.memory || agent?.memory === true;
}

/** How much of the task text goes in the event, so a long description does not bloat every log. */
const QUERY_IN_EVENT = 300;

/** Recalls what the crew remembers about this task; a failing store is reported and the task runs without memory. */
export async function recall(ctx: RunContext, taskId: string, agentId: string | null, text: string): Promise<MemoryHit[]> {
  const { memoryLimit: limit, memoryThreshold: threshold } = ctx.crew.settings;
  try {
    // A store that degrades (embeddings failing, so words only) says so without failing the task.
    const note = (error: string) =>
      ctx.env.log.emit({ type: "memory.error", taskId, operation: "retrieve", error, degraded: true }, taskId);
    const items = await ctx.memory.retrieve({ runId: ctx.runId, agentId, taskId, text, limit, threshold }, note);
    ctx.env.log.emit({ type: "memory.retrieved", taskId, agentId, query: text.slice(0, QUERY_IN_EVENT), items }, taskId);
    return items;
  } catch (error) {
    ctx.env.log.emit({ type: "memory.error", taskId, operation: "retrieve", error: messageOf(error) }, taskId);
    return [];
  }
}

/** What a finished task leaves behind: its output for this run, its result and lessons for later runs. */
export interface TaskTrace {
  taskId: string;
  agentId: string | null;
  /** The task's name or description, so a result reads on its own when recalled in another run. */
  title: string;
  raw: string;
  /** What reviewers and guardrails said was wrong on the way to the accepted output. */
  lessons: string[];
}

/**
 * Saves a finished task's memories; a failing store is reported and the run goes on. With the crew's memory on they
 * are crew-wide (any agent recalls them); with only the agent's flag on they are the agent's own.
 */
export async function remember(ctx: RunContext, trace: TaskTrace): Promise<void> {
  const owner = ctx.crew.settings.memory ? null : trace.agentId;
  const drafts = memoryDrafts(ctx.runId, { ...trace, agentId: owner });
  if (drafts.length === 0) return;
  try {
    const note = (error: string) =>
      ctx.env.log.emit({ type: "memory.error", taskId: trace.taskId, operation: "save", error, degraded: true }, trace.taskId);
    const saved = await ctx.memory.save(drafts, note);
    ctx.env.log.emit(
      {
        type: "memory.saved",
        taskId: trace.taskId,
        agentId: trace.agentId,
        items: saved.map((m) => ({ id: m.id, kind: m.kind, text: m.text, ...(m.entity ? { entity: m.entity } : {}) })),
      },
      trace.taskId,
    );
  } catch (error) {
    ctx.env.log.emit({ type: "memory.error", taskId: trace.taskId, operation: "save", error: messageOf(error) }, trace.taskId);
  }
}

const RESULT_CHARS = 1_500;
const ENTITY_CHARS = 900;

/** The memories a finished task yields: short-term output, long-term result and lessons, and entities (pure). */
export function memoryDrafts(runId: string, trace: TaskTrace): MemoryDraft[] {
  const raw = trace.raw.trim();
  if (!raw) return [];
  const base = { agentId: trace.agentId, taskId: trace.taskId };
  const drafts: MemoryDraft[] = [{ ...base, runId, kind: "short-term", text: raw, importance: 0.5 }];
  drafts.push({ ...base, runId, kind: "long-term", text: `Result of "${trace.title}": ${clip(raw, RESULT_CHARS)}`, importance: 0.5 });
  for (const lesson of new Set(trace.lessons))
    drafts.push({ ...base, runId, kind: "long-term", text: `Lesson for "${trace.title}": ${lesson}`, importance: 0.9 });
  for (const entity of extractEntities(raw))
    drafts.push({
      ...base,
      runId,
      kind: "entity",
      entity: { name: entity.name, type: entity.type },
      text: clip(entity.sentences.join(" "), ENTITY_CHARS),
      // Named again and again in one output: probably central to it.
      importance: Math.min(0.8, 0.4 + 0.1 * entity.mentions),
    });
  return drafts;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
