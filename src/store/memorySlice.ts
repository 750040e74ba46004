import type { StateCreator } from "zustand";
import type { MemoryFilter, MemoryPatch, MemoryRecord } from "../model";
import { MemoryImportError } from "../model";
import type { AppState, StoreDeps } from "./types";
import { plural } from "./uiSlice";

/** The memory browser: the open crew's memories as searched and filtered, and what a person can do to them. */
export interface MemorySlice {
  memories: MemoryRecord[];
  memoryFilter: MemoryFilter;
  /** Why the last load failed, shown in the dialog; null when it worked. */
  memoryError: string | null;
  memoryLoading: boolean;
  /** Loads the open crew's memories matching the filter (merged into the current one); `fresh` re-reads storage. */
  loadMemories(filter?: Partial<MemoryFilter>, fresh?: boolean): Promise<void>;
  editMemory(id: string, patch: MemoryPatch): Promise<boolean>;
  /** Deletes a memory; the toast that follows can undo it. */
  deleteMemory(id: string): Promise<void>;
  /** Deletes every memory of the open crew; the toast that follows can undo it. */
  clearMemories(): Promise<void>;
  /** The open crew's memories as a file to download, or null when there is nothing to export. */
  exportMemories(): Promise<{ fileName: string; json: string } | null>;
  /** Adds a memory file's memories to the open crew; a bad file changes nothing and its problems are shown. */
  importMemories(text: string, source: string): Promise<boolean>;
}

/** Creates the memory slice over the injected memory repository. */
export function createMemorySlice(deps: StoreDeps): StateCreator<AppState, [], [], MemorySlice> {
  return (set, get) => {
    const repo = () => {
      if (!deps.memories) throw new Error("memory is not available here (no memory repository)");
      return deps.memories;
    };
    const crewId = () => {
      const id = get().crewId;
      if (!id) throw new Error("save the crew first: memories belong to a saved crew");
      return id;
    };
    const fail = (what: string) => (error: unknown) => {
      get().toast(`Could not ${what}: ${(error as Error).message}`, "error");
    };
    return {
      memories: [],
      memoryFilter: {},
      memoryError: null,
      memoryLoading: false,
      async loadMemories(patch = {}, fresh = true) {
        const filter = { ...get().memoryFilter, ...patch };
        for (const key of Object.keys(patch) as (keyof MemoryFilter)[]) if (patch[key] === undefined) delete filter[key];
        const id = get().crewId;
        set({ memoryFilter: filter, memoryLoading: true });
        try {
          const memories = id && deps.memories ? await deps.memories.list(id, filter, fresh) : [];
          // A newer search or another crew may have started meanwhile; only the latest answer counts.
          if (get().memoryFilter === filter && get().crewId === id) set({ memories, memoryError: null, memoryLoading: false });
        } catch (error) {
          if (get().memoryFilter === filter) set({ memoryError: (error as Error).message, memoryLoading: false });
        }
      },
      async editMemory(id, patch) {
        try {
          const updated = await repo().update(id, patch);
          set({ memories: get().memories.map((m) => (m.id === id ? updated : m)) });
          return true;
        } catch (error) {
          fail(`save memory "${id}"`)(error);
          return false;
        }
      },
      async deleteMemory(id) {
        const record = get().memories.find((m) => m.id === id);
        try {
          await repo().remove([id]);
        } catch (error) {
          return fail(`delete memory "${id}"`)(error);
        }
        set({ memories: get().memories.filter((m) => m.id !== id) });
        if (record)
          get().toast("Memory deleted", "info", {
            label: "Undo",
            run: () =>
              void repo()
                .restore([record])
                .then(() => get().loadMemories(), fail("restore the memory")),
          });
      },
      async clearMemories() {
        let removed: MemoryRecord[];
        try {
          removed = await repo().clear(crewId());
        } catch (error) {
          return fail("clear the memory")(error);
        }
        set({ memories: [] });
        get().toast(`Cleared ${plural(removed.length, "memory", "memories")}`, "info", {
          label: "Undo",
          run: () =>
            void repo()
              .restore(removed)
              .then(() => get().loadMemories(), fail("restore the memories")),
        });
      },
      async exportMemories() {
        const file = await repo().exportCrew(crewId(), get().crew.name);
        if (file.memories.length === 0) return null;
        const base =
          get()
            .crew.name.replace(/[^\p{L}\p{N}_-]+/gu, "-")
            .replace(/^-+|-+$/g, "") || "crew";
        return { fileName: `${base}.memory.json`, json: `${JSON.stringify(file, null, 2)}\n` };
      },
      async importMemories(text, source) {
        try {
          const { added, replaced } = await repo().importCrew(crewId(), text);
          get().toast(`Imported ${plural(added + replaced, "memory", "memories")} from ${source}`, "success");
          await get().loadMemories();
          return true;
        } catch (error) {
          if (error instanceof MemoryImportError)
            get().toast(`${source} was not imported, nothing changed: ${error.problems.join("; ")}`, "error");
          else fail(`import ${source}`)(error);
          return false;
        }
      },
    };
  };
}
