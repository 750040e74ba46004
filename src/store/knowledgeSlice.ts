import type { StateCreator } from "zustand";
import type { KnowledgeSource, KnowledgeType, StorageUse } from "../model";
import type { AppState, StoreDeps } from "./types";

/** A source being added or re-indexed (kept in memory only), or one that failed, with what went wrong. */
export interface PendingKnowledge {
  id: string;
  name: string;
  type: KnowledgeType;
  agentId: string | null;
  bytes: number;
  stage: "waiting" | "parsing" | "storing";
  fraction: number;
  error?: string;
}

/** A file or pasted text to add. */
export interface KnowledgeItem {
  name: string;
  type: KnowledgeType;
  data: string | Uint8Array;
  agentId: string | null;
}

/** The open crew's knowledge sources, what is being indexed, and the browser's storage use. */
export interface KnowledgeSlice {
  knowledge: { crewId: string | null; sources: KnowledgeSource[]; pending: PendingKnowledge[]; storage: StorageUse | null };
  refreshKnowledge(): Promise<void>;
  /** Parses, chunks and stores each item in turn; a failure is kept as a pending entry with its message. */
  addKnowledge(items: readonly KnowledgeItem[]): Promise<void>;
  dismissKnowledgeError(id: string): void;
  /** Deletes a source and offers Undo in a toast. */
  deleteKnowledge(id: string): Promise<void>;
  reindexKnowledge(id: string): Promise<void>;
}

/** Storage use above this share of the quota gets a warning. */
export const STORAGE_WARNING_SHARE = 0.8;

/** Creates the knowledge slice over the knowledge repository port. */
export function createKnowledgeSlice(deps: StoreDeps): StateCreator<AppState, [], [], KnowledgeSlice> {
  return (set, get) => {
    const patch = (crewId: string, change: (k: AppState["knowledge"]) => Partial<AppState["knowledge"]>) => {
      const k = get().knowledge;
      if (k.crewId === crewId) set({ knowledge: { ...k, ...change(k) } });
    };
    const setPending = (crewId: string, id: string, p: Partial<PendingKnowledge> | null) =>
      patch(crewId, (k) => ({
        pending: p === null ? k.pending.filter((x) => x.id !== id) : k.pending.map((x) => (x.id === id ? { ...x, ...p } : x)),
      }));
    const refreshStorage = async (crewId: string) => {
      const storage = (await deps.knowledge?.storageUse().catch(() => null)) ?? null;
      patch(crewId, () => ({ storage }));
    };
    const repository = () => {
      if (!deps.knowledge) throw new Error("knowledge sources are not available here");
      return deps.knowledge;
    };
    return {
      knowledge: { crewId: null, sources: [], pending: [], storage: null },
      async refreshKnowledge() {
        const crewId = get().crewId;
        if (!crewId || !deps.knowledge) return set({ knowledge: { crewId, sources: [], pending: [], storage: null } });
        const sources = await deps.knowledge.list(crewId);
        if (get().crewId !== crewId) return;
        const same = get().knowledge.crewId === crewId;
        set({
          knowledge: { crewId, sources, pending: same ? get().knowledge.pending : [], storage: same ? get().knowledge.storage : null },
        });
        await refreshStorage(crewId);
      },
      async addKnowledge(items) {
        const repo = repository();
        const crewId = get().crewId;
        if (!crewId) throw new Error("the crew is not saved yet: wait for “Saved”, then add knowledge");
        if (get().knowledge.crewId !== crewId) await get().refreshKnowledge();
        const queued = items.map((item) => ({
          id: deps.newId(),
          item,
          entry: {
            name: item.name,
            type: item.type,
            agentId: item.agentId,
            bytes: typeof item.data === "string" ? new TextEncoder().encode(item.data).length : item.data.byteLength,
            stage: "waiting" as const,
            fraction: 0,
          },
        }));
        patch(crewId, (k) => ({ pending: [...k.pending, ...queued.map((q) => ({ id: q.id, ...q.entry }))] }));
        // One at a time: parsing is CPU work, and sources stored in the order given list in that order.
        for (const { id, item } of queued) {
          try {
            const source = await repo.add({ id, crewId, ...item }, (stage, fraction) => setPending(crewId, id, { stage, fraction }));
            patch(crewId, (k) => ({ sources: [...k.sources, source], pending: k.pending.filter((x) => x.id !== id) }));
          } catch (error) {
            setPending(crewId, id, { error: (error as Error).message });
          }
        }
        await refreshStorage(crewId);
      },
      dismissKnowledgeError(id) {
        const crewId = get().knowledge.crewId;
        if (crewId) setPending(crewId, id, null);
      },
      async deleteKnowledge(id) {
        const repo = repository();
        const crewId = get().knowledge.crewId;
        if (!crewId) return;
        const removed = await repo.remove(id);
        patch(crewId, (k) => ({ sources: k.sources.filter((s) => s.id !== id) }));
        if (!removed) return;
        const undo = async () => {
          await repo.restore(removed);
          patch(crewId, (k) => ({
            sources: [...k.sources.filter((s) => s.id !== id), removed.source].sort((a, b) => a.createdAt - b.createdAt),
          }));
          await refreshStorage(crewId);
        };
        get().toast(`Knowledge source “${removed.source.name}” deleted`, "info", {
          label: "Undo",
          run: () => void undo().catch((e: Error) => get().toast(e.message, "error")),
        });
        await refreshStorage(crewId);
      },
      async reindexKnowledge(id) {
        const repo = repository();
        const crewId = get().knowledge.crewId;
        const source = get().knowledge.sources.find((s) => s.id === id);
        if (!crewId || !source) return;
        const { name, type, agentId, bytes } = source;
        const entry: PendingKnowledge = { id, name, type, agentId, bytes, stage: "parsing", fraction: 0 };
        patch(crewId, (k) => ({ pending: [...k.pending.filter((x) => x.id !== id), entry] }));
        try {
          const next = await repo.reindex(id, (stage, fraction) => setPending(crewId, id, { stage, fraction }));
          patch(crewId, (k) => ({
            sources: k.sources.map((s) => (s.id === id ? next : s)),
            pending: k.pending.filter((x) => x.id !== id),
          }));
        } catch (error) {
          setPending(crewId, id, { error: (error as Error).message });
        }
      },
    };
  };
}
