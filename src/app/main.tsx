import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@xyflow/react/dist/style.css";
import "./styles.css";
import { OpenAiCompatibleProvider } from "../llm";
import { DexieMemoryRepository } from "../memory/DexieMemoryRepository";
import type { CrewRepository } from "../model";
import { TEMPLATES } from "../model/templates";
import { CREWDECK_DB_NAME, openCrewDeck } from "../persistence";
import { createAppStore } from "../store";
import { App } from "./App";
import { ErrorBoundary } from "./ErrorBoundary";
import { knowledgeRepository } from "./knowledgeRepository";
import { lazyModelHost } from "./lazyModelHost";
import { RUN_LOCK_PREFIX, startWorkerRun } from "./run/RunClient";

/** How long a deleted crew is kept before the next start deletes it for good. */
const BIN_KEEP_MS = 10 * 60_000;

/** Crews a first-time user finds in their list. */
const SAMPLE_TEMPLATES = ["research-writer", "trip-planner"];

async function boot(): Promise<void> {
  const { db, crews: repository, endpoints, runs } = openCrewDeck();
  const prefersDark = window.matchMedia?.("(prefers-color-scheme: dark)").matches;
  const theme = (await repository.getMeta<"light" | "dark">("theme").catch(() => undefined)) ?? (prefersDark ? "dark" : "light");
  const store = createAppStore(
    {
      repository,
      now: () => Date.now(),
      newId: () => crypto.randomUUID(),
      writeClipboard: (text) => navigator.clipboard.writeText(text),
      runner: (request, callbacks) => startWorkerRun(request, callbacks, CREWDECK_DB_NAME),
      runs,
      endpoints,
      testEndpoint: ({ baseUrl, apiKey }) =>
        new OpenAiCompatibleProvider({ baseUrl, ...(apiKey ? { apiKey } : {}) }).listModels(AbortSignal.timeout(15_000)),
      knowledge: knowledgeRepository(db),
      memories: new DexieMemoryRepository(db),
      modelHost: lazyModelHost(() => store.getState().modelCatalog.filter((m) => m.custom)),
    },
    { theme },
  );
  if (import.meta.env.DEV || new URLSearchParams(location.search).has("test")) Object.assign(window, { __crewdeck: store });
  const root = document.getElementById("root");
  if (!root) throw new Error("main: no #root element in index.html");
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary>
        <App store={store} />
      </ErrorBoundary>
    </StrictMode>,
  );
  // A run still marked "running" belongs to a tab that closed mid-run: keep its log, call it interrupted.
  // Runs going in another tab hold a lock and are left alone.
  await runs.markInterrupted(await runsHeldElsewhere()).catch(() => 0);
  // Deleted crews stay restorable while their Undo toast can still be pressed (in any tab); after that they, their run
  // history, memory and knowledge are deleted for good, so nothing of a deleted crew lingers on the device.
  await repository.purgeDeleted(Date.now() - BIN_KEEP_MS).catch(() => 0);
  await store
    .getState()
    .refreshDevice()
    .catch(() => undefined);
  await store
    .getState()
    .loadDeviceModel()
    .catch(() => undefined);
  await openInitialCrew(store, repository);
  store.getState().markReady();
  // Writes still waiting when the tab goes away are flushed; IndexedDB usually completes them.
  addEventListener("pagehide", () => void store.getState().saveNow());
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && void store.getState().saveNow());
}

async function openInitialCrew(store: ReturnType<typeof createAppStore>, repository: CrewRepository) {
  const s = store.getState();
  await s.refreshCrews();
  if (store.getState().crews.length === 0) {
    for (const id of [...SAMPLE_TEMPLATES].reverse()) {
      const template = TEMPLATES.find((t) => t.id === id);
      if (template) await s.createCrew(structuredClone(template.crew));
    }
    return;
  }
  const last = await repository.getMeta<string>("lastCrew").catch(() => undefined);
  const crews = store.getState().crews;
  const target = crews.find((c) => c.id === last) ?? crews[0];
  if (target) {
    await s.openCrew(target.id).catch(async (e: Error) => {
      s.toast(e.message, "error");
      await s.createCrew();
    });
  }
}

void boot();

async function runsHeldElsewhere(): Promise<string[]> {
  const held = (await navigator.locks?.query().catch(() => undefined))?.held ?? [];
  return held
    .map((l) => l.name ?? "")
    .filter((n) => n.startsWith(RUN_LOCK_PREFIX))
    .map((n) => n.slice(RUN_LOCK_PREFIX.length));
}
