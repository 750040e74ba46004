import type { RunEvent } from "../../engine/events";
import { plural } from "../../store";
import type { LineSpec } from "./consoleLines";

type MemoryEvent = Extract<RunEvent, { type: "memory.retrieved" | "memory.saved" | "memory.error" | "knowledge.retrieved" }>;
const TEXT_IN_DETAIL = 400;

/** Console lines for memory and knowledge: what was recalled (with scores), what was saved, and what failed. */
export function describeMemoryLine(e: RunEvent): LineSpec | null {
  if (!isMemoryEvent(e)) return null;
  switch (e.type) {
    case "memory.retrieved": {
      const text = e.items.length
        ? `Recalled ${plural(e.items.length, "memory", "memories")} (${byKind(e.items)})`
        : "Recalled no memory (nothing scored above the threshold)";
      const list = e.items.map((m) => `[${m.kind}${m.entity ? `: ${m.entity}` : ""}, score ${m.score.toFixed(2)}] ${clip(m.text)}`);
      return { taskId: e.taskId, kind: "task", tone: "info", text, detail: [`Searched for: ${clip(e.query)}`, "", ...list].join("\n") };
    }
    case "memory.saved": {
      const entities = e.items.filter((m) => m.entity).map((m) => m.entity);
      const text = `Saved ${plural(e.items.length, "memory", "memories")} (${byKind(e.items)})${entities.length ? `: ${entities.join(", ")}` : ""}`;
      const list = e.items.map((m) => `[${m.kind}${m.entity ? `: ${m.entity}` : ""}] ${clip(m.text)}`);
      return { taskId: e.taskId, kind: "task", tone: "ok", text, detail: list.join("\n") };
    }
    case "memory.error": {
      if (e.degraded) {
        const how = {
          retrieve: "Recalled memories by words only",
          save: "Saved memories without embeddings",
          knowledge: "Searched the knowledge by words only",
        }[e.operation];
        return { taskId: e.taskId, kind: "task", tone: "warn", text: `${how}: the embedding model failed`, detail: e.error };
      }
      const what = { retrieve: "recall memories", save: "save memories", knowledge: "search the knowledge" }[e.operation];
      return { taskId: e.taskId, kind: "task", tone: "warn", text: `Could not ${what}; the task went on without`, detail: e.error };
    }
    case "knowledge.retrieved": {
      const sources = [...new Set(e.chunks.map((c) => c.source))];
      const how = e.via === "tool" ? "search_knowledge found" : "Added to the prompt:";
      const text = e.chunks.length
        ? `${how} ${plural(e.chunks.length, "knowledge passage", "knowledge passages")} from ${sources.join(", ")}`
        : `${e.via === "tool" ? "search_knowledge found" : "Found"} no knowledge passage`;
      const list = e.chunks.map((c) => `[${c.source}, score ${c.score.toFixed(2)}] ${clip(c.text)}`);
      return { taskId: e.taskId, kind: "task", tone: "info", text, detail: [`Searched for: ${clip(e.query)}`, "", ...list].join("\n") };
    }
  }
}

function isMemoryEvent(e: RunEvent): e is MemoryEvent {
  return e.type === "memory.retrieved" || e.type === "memory.saved" || e.type === "memory.error" || e.type === "knowledge.retrieved";
}

/** "2 long-term, 1 entity". */
function byKind(items: readonly { kind: string }[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.kind, (counts.get(item.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} ${kind}`).join(", ");
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= TEXT_IN_DETAIL ? flat : `${flat.slice(0, TEXT_IN_DETAIL - 1)}…`;
}
