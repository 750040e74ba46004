import { temporal } from "zundo";
import { createStore } from "zustand/vanilla";
import { type Crew, emptyCrew } from "../model";
import { Autosaver } from "./Autosaver";
import { createDeviceSlice } from "./deviceSlice";
import { createDocSlice } from "./docSlice";
import { createHistorySlice } from "./historySlice";
import { createKnowledgeSlice } from "./knowledgeSlice";
import { createLibrarySlice } from "./librarySlice";
import { createMemorySlice } from "./memorySlice";
import { createModelsSlice } from "./modelsSlice";
import { createRunSlice } from "./runSlice";
import type { AppState, StoreDeps, UiSlice } from "./types";
import { createUiSlice } from "./uiSlice";

/** Edits of the same field closer together than this become one undo step. */
const COALESCE_MS = 1000;
const HISTORY_LIMIT = 200;

/** Creates the app store: document (undoable), session and library slices over injected ports. */
export function createAppStore(deps: StoreDeps, options: { crew?: Crew; theme?: UiSlice["theme"]; autosaveMs?: number } = {}) {
  let pendingKey: string | null = null;
  let last: { key: string | null; at: number } = { key: null, at: 0 };
  let createdAt = deps.now();
  const autosaver = new Autosaver(
    deps.repository,
    deps.now,
    (saveState, error, saved) => {
      // The crew list's line (process, agent and task counts) follows what was just written, without re-reading the list.
      store.setState((s) => ({
        saveState,
        ...(saved
          ? {
              crews: s.crews.map((c) =>
                c.id === saved.id
                  ? {
                      ...c,
                      name: saved.crew.name,
                      process: saved.crew.process,
                      agents: saved.crew.agents.length,
                      tasks: saved.crew.tasks.length,
                    }
                  : c,
              ),
            }
          : {}),
      }));
      if (error) store.getState().toast(`Could not save: ${error.message}`, "error");
    },
    options.autosaveMs,
  );

  const store = createStore<AppState>()(
    temporal(
      (set, get, api) => ({
        ...createDocSlice(options.crew ?? emptyCrew(), (key) => {
          pendingKey = key;
        })(set, get, api),
        ...createUiSlice(deps, options.theme ?? "light")(set, get, api),
        ...createRunSlice(deps)(set, get, api),
        ...createDeviceSlice(deps)(set, get, api),
        ...createHistorySlice(deps)(set, get, api),
        ...createModelsSlice(deps)(set, get, api),
        ...createMemorySlice(deps)(set, get, api),
        ...createKnowledgeSlice(deps)(set, get, api),
        ...createLibrarySlice(deps, {
          autosaver,
          clearHistory: () => store.temporal.getState().clear(),
          setCreatedAt: (ms) => {
            createdAt = ms;
          },
        })(set, get, api),
      }),
      {
        partialize: (state) => ({ crew: state.crew }),
        equality: (a, b) => a.crew === b.crew,
        limit: HISTORY_LIMIT,
        handleSet: (record) => (pastState, replace) => {
          // Typing in one field records one step: skip recording while the same key keeps coming quickly.
          const now = deps.now();
          const key = pendingKey;
          pendingKey = null;
          // A burst continues only the step on top of the history: after an undo (a redo stack to drop) or a
          // cleared history (another crew opened) the edit starts a new step.
          const { pastStates, futureStates } = store.temporal.getState();
          const onTop = pastStates.length > 0 && futureStates.length === 0;
          const burst = onTop && key !== null && key === last.key && now - last.at < COALESCE_MS;
          last = { key, at: now };
          if (!burst) (record as (s: unknown, r?: boolean) => void)(pastState, replace as boolean | undefined);
        },
      },
    ),
  );

  store.subscribe((state, prev) => {
    if (state.crew !== prev.crew && state.crewId && state.crewId === prev.crewId) autosaver.schedule(state.crewId, state.crew, createdAt);
    if (state.crewId !== prev.crewId) {
      // Another crew is open: its own runs are listed, and a replay of the previous crew's run ends.
      if (state.replay && state.replay.record.crewId !== state.crewId) state.closeReplay();
      // The canvas shows the run of the crew now open: one going (several crews can run at once), or its last one.
      else state.showLive();
      void state.refreshHistory().catch(() => undefined);
    }
  });
  return store;
}

/** The store as created by createAppStore, with its undo history at `.temporal`. */
export type AppStore = ReturnType<typeof createAppStore>;
