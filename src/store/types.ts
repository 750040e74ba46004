import type {
  Crew,
  CrewRepository,
  CrewSummary,
  EndpointRepository,
  KnowledgeRepository,
  MemoryRepository,
  ModelHost,
  NodeKind,
  Position,
  Problem,
  RunRepository,
} from "../model";
import type { CrewEdge } from "./crewOps";
import type { DeviceSlice } from "./deviceSlice";
import type { Fragment } from "./fragment";
import type { HistorySlice } from "./historySlice";
import type { KnowledgeSlice } from "./knowledgeSlice";
import type { MemorySlice } from "./memorySlice";
import type { ModelsSlice } from "./modelsSlice";
import type { Runner, RunSlice } from "./runSlice";

/** Side effects the store needs, injected by the composition root (tests pass fakes). */
export interface StoreDeps {
  repository: CrewRepository;
  now: () => number;
  newId: () => string;
  /** Writes text to the system clipboard when there is one; failures are ignored. */
  writeClipboard?: (text: string) => Promise<void>;
  /** Starts runs (in a Web Worker in the app); absent where crews cannot run. */
  runner?: Runner;
  runs?: RunRepository;
  endpoints?: EndpointRepository;
  /** Lists an endpoint's models, or rejects with a message that says precisely what failed. */
  testEndpoint?: (endpoint: { baseUrl: string; apiKey: string }) => Promise<string[]>;
  /** The in-browser model runtime (WebLLM), loaded lazily by the app; absent where models cannot run in the page. */
  modelHost?: ModelHost;
  /** The crews' knowledge sources (IndexedDB in the app); absent where there is no storage for them. */
  knowledge?: KnowledgeRepository;
  /** The crews' memories (IndexedDB in the app), for the memory browser; absent where there is no storage for them. */
  memories?: MemoryRepository;
}

/** The open crew document and the edits a person can make to it (undoable). */
export interface DocSlice {
  crew: Crew;
  crewId: string | null;
  /** Replaces the whole document as one undoable edit. */
  applyCrew(crew: Crew): void;
  addNode(kind: NodeKind, position: Position, toolName?: string): string;
  updateAgent(id: string, patch: Record<string, unknown>): void;
  updateTask(id: string, patch: Record<string, unknown>): void;
  updateTool(id: string, patch: Record<string, unknown>): void;
  updateCrew(patch: Partial<Pick<Crew, "name" | "description" | "process" | "inputs" | "llms" | "defaultLlm">>): void;
  updateSettings(patch: Record<string, unknown>): void;
  setPositions(positions: Record<string, Position>): void;
  connectNodes(a: string, b: string): string | null;
  removeEdges(edges: readonly CrewEdge[]): void;
  deleteNodes(ids: readonly string[]): void;
  moveTask(id: string, toIndex: number): string | null;
}

/** A short message at the bottom of the screen, optionally with one action (e.g. Undo). */
export interface Toast {
  id: number;
  kind: "info" | "error" | "success";
  message: string;
  action?: { label: string; run: () => void };
}

/** Which dialog is open. */
export type Dialog =
  | { kind: "import-errors"; source: string; problems: Problem[] }
  | { kind: "templates" }
  | { kind: "paste-json" }
  | { kind: "shortcuts" }
  | { kind: "run" }
  /** The open crew's memories (the memory browser). */
  | { kind: "memory" }
  | { kind: "endpoints"; preset?: string; tab?: "endpoints" | "local" }
  /** The crew's knowledge sources; `agentId` preselects an agent for new sources. */
  | { kind: "knowledge"; agentId?: string }
  | null;

/** Session state: selection, dialogs, toasts, theme, clipboard. Never persisted with the crew. */
export interface UiSlice {
  selection: string[];
  selectedEdges: string[];
  dialog: Dialog;
  toasts: Toast[];
  theme: "light" | "dark";
  clipboard: Fragment | null;
  sidePanel: "node" | "crew" | "order" | "problems" | "run";
  /** The run dock under the canvas: open or folded, and which tab it shows. */
  dock: { open: boolean; tab: "console" | "timeline" | "history" | "batch" };
  select(ids: readonly string[], edges?: readonly string[]): void;
  openDialog(dialog: Dialog): void;
  toast(message: string, kind?: Toast["kind"], action?: Toast["action"]): void;
  dismissToast(id: number): void;
  setTheme(theme: UiSlice["theme"]): void;
  setSidePanel(panel: UiSlice["sidePanel"]): void;
  setDock(dock: Partial<UiSlice["dock"]>): void;
  copySelection(): void;
  paste(fragment?: Fragment): void;
  duplicateSelection(): void;
  selectAll(): void;
}

/** The crews kept on this device and the open one. */
export interface LibrarySlice {
  crews: CrewSummary[];
  /** True once the first crew is open (and first-visit samples exist), so tests and the UI know the app has settled. */
  ready: boolean;
  markReady(): void;
  saveState: "saved" | "saving" | "error";
  refreshCrews(): Promise<void>;
  /** Saves a new crew (empty, or a copy of `from`) and opens it; names get " (2)" when taken unless keepName. */
  createCrew(from?: Crew, options?: { keepName?: boolean }): Promise<string>;
  openCrew(id: string): Promise<void>;
  renameCrew(id: string, name: string): Promise<void>;
  duplicateCrew(id: string): Promise<string>;
  deleteCrew(id: string): Promise<void>;
  importCrewText(text: string, source: string): Promise<boolean>;
  saveNow(): Promise<void>;
}

/** The whole app store. */
export type AppState = DocSlice &
  UiSlice &
  LibrarySlice &
  RunSlice &
  DeviceSlice &
  HistorySlice &
  ModelsSlice &
  KnowledgeSlice &
  MemorySlice;
