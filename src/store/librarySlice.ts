import type { StateCreator } from "zustand";
import { type Crew, describeProblems, emptyCrew, readCrewJson } from "../model";
import type { Autosaver } from "./Autosaver";
import type { AppState, LibrarySlice, StoreDeps } from "./types";
import { plural } from "./uiSlice";

/** Hooks the library needs from the store that owns it (history and the autosaver). */
export interface LibraryHooks {
  autosaver: Autosaver;
  clearHistory(): void;
  /** Remembers when the open crew was created, for its saved record. */
  setCreatedAt(ms: number): void;
}

/** The crew library slice: list, open, create, rename, duplicate, delete (to the bin, with undo), import. */
export function createLibrarySlice(deps: StoreDeps, hooks: LibraryHooks): StateCreator<AppState, [], [], LibrarySlice> {
  return (set, get) => {
    const uniqueName = (wanted: string): string => {
      const names = new Set(get().crews.map((c) => c.name));
      if (!names.has(wanted)) return wanted;
      for (let n = 2; ; n++) if (!names.has(`${wanted} (${n})`)) return `${wanted} (${n})`;
    };
    const show = (id: string, crew: Crew, createdAt: number) => {
      hooks.setCreatedAt(createdAt);
      set({ crew, crewId: id, selection: [], selectedEdges: [], sidePanel: "crew" });
      hooks.clearHistory();
      void deps.repository.setMeta("lastCrew", id).catch(() => undefined);
    };
    return {
      crews: [],
      ready: false,
      saveState: "saved",
      markReady() {
        set({ ready: true });
      },
      async refreshCrews() {
        set({ crews: await deps.repository.list() });
      },
      async createCrew(from, options = {}) {
        await hooks.autosaver.flush();
        const id = deps.newId();
        const now = deps.now();
        const wanted = from?.name ?? "Untitled crew";
        const crew = { ...(from ?? emptyCrew()), name: options.keepName ? wanted : uniqueName(wanted) };
        await deps.repository.put({ id, name: crew.name, createdAt: now, updatedAt: now, doc: crew });
        show(id, crew, now);
        await get().refreshCrews();
        return id;
      },
      async openCrew(id) {
        if (id === get().crewId) return;
        await hooks.autosaver.flush();
        const record = await deps.repository.get(id);
        if (!record) throw new Error(`openCrew: no crew with id "${id}" on this device`);
        show(id, record.doc, record.createdAt);
      },
      async renameCrew(id, name) {
        const trimmed = name.trim();
        if (!trimmed) return;
        if (id === get().crewId) get().updateCrew({ name: trimmed });
        else {
          const record = await deps.repository.get(id);
          if (!record) return;
          await deps.repository.put({ ...record, name: trimmed, updatedAt: deps.now(), doc: { ...record.doc, name: trimmed } });
        }
        await hooks.autosaver.flush();
        await get().refreshCrews();
      },
      async duplicateCrew(id) {
        await hooks.autosaver.flush();
        const record = await deps.repository.get(id);
        if (!record) throw new Error(`duplicateCrew: no crew with id "${id}"`);
        return get().createCrew({ ...record.doc, name: `${record.doc.name} (copy)` });
      },
      async deleteCrew(id) {
        await hooks.autosaver.flush();
        const name = get().crews.find((c) => c.id === id)?.name ?? "crew";
        await deps.repository.remove(id);
        await get().refreshCrews();
        if (id === get().crewId) {
          const next = get().crews[0];
          if (next) await get().openCrew(next.id);
          else await get().createCrew();
        }
        get().toast(`Deleted “${name}”`, "info", {
          label: "Undo",
          run: () => {
            void deps.repository
              .restore(id)
              .then(() => get().refreshCrews())
              .then(() => get().openCrew(id));
          },
        });
      },
      async importCrewText(text, source) {
        const result = readCrewJson(text);
        if (!result.ok) {
          get().openDialog({ kind: "import-errors", source, problems: result.problems });
          console.warn(`import of ${source} refused:\n${describeProblems(result.problems)}`);
          return false;
        }
        // An import keeps its name exactly, so exporting it again gives the same file.
        await get().createCrew(result.crew, { keepName: true });
        const notes = [
          result.migratedFrom ? `upgraded from format version ${result.migratedFrom}` : "",
          result.problems.length ? `${plural(result.problems.length, "thing")} to fix before it can run` : "",
        ].filter(Boolean);
        get().toast(`Imported “${get().crew.name}”${notes.length ? ` (${notes.join("; ")})` : ""}`, "success");
        return true;
      },
      saveNow() {
        return hooks.autosaver.flush();
      },
    };
  };
}
