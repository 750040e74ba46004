import type { Crew, Process } from "./schema";

/** A stored crew: the document plus bookkeeping that is not part of the interchange format. */
export interface CrewRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  /** Set when the crew is in the bin; cleared by restore. */
  deletedAt?: number;
  doc: Crew;
}

/** What the crew list shows without loading whole documents. */
export interface CrewSummary {
  id: string;
  name: string;
  process: Process;
  agents: number;
  tasks: number;
  createdAt: number;
  updatedAt: number;
}

/** Port for keeping crews on the device; implemented in src/persistence, injected by src/app. */
export interface CrewRepository {
  /** Crews not in the bin, most recently changed first. */
  list(): Promise<CrewSummary[]>;
  /** A crew by id (also one in the bin), with its document migrated to the current format. */
  get(id: string): Promise<CrewRecord | undefined>;
  /** Inserts or replaces a crew. */
  put(record: CrewRecord): Promise<void>;
  /** Moves a crew to the bin (soft delete), so it can be restored. */
  remove(id: string): Promise<void>;
  /** Takes a crew out of the bin. */
  restore(id: string): Promise<void>;
  /** Deletes for good the crews that went into the bin before `before` (epoch ms). */
  purgeDeleted(before: number): Promise<number>;
  /** Small device-local preferences (last open crew, theme). */
  getMeta<T>(key: string): Promise<T | undefined>;
  setMeta(key: string, value: unknown): Promise<void>;
}

/** A model endpoint saved on this device: where to send requests and the key to send. Never part of a crew file. */
export interface Endpoint {
  id: string;
  /** Preset it was made from ("openai", "openrouter", "deepseek", "groq", "together", "ollama", "lmstudio", "custom"). */
  preset: string;
  name: string;
  baseUrl: string;
  /** Default model name for agents that do not name one. */
  model: string;
  /** Stored only on this device; empty for local servers. */
  apiKey: string;
  createdAt: number;
}

/** Port for the device's endpoints and keys; implemented in src/persistence. */
export interface EndpointRepository {
  list(): Promise<Endpoint[]>;
  put(endpoint: Endpoint): Promise<void>;
  remove(id: string): Promise<void>;
}

/** A run as kept in history: its summary and its append-only event log (as plain JSON). */
export interface RunRecord {
  id: string;
  crewId: string;
  crewName: string;
  startedAt: number;
  endedAt?: number;
  /** "running" while it is going; a run found "running" after a reload was interrupted. */
  status: "running" | "completed" | "failed" | "cancelled" | "interrupted";
  totalTokens: number;
  /** The crew document the run used, so replay and fork work after the crew changes. */
  crew: unknown;
  inputs: Record<string, string>;
  /** Tokens by model (to price the run with the device's price table). */
  usageByModel?: Record<string, { promptTokens: number; completionTokens: number; requests: number }>;
  /** Set on a fork: the run it restored earlier outputs from, and the task it re-ran from. */
  forkOf?: { runId: string; taskId: string };
  /** Set on a run of a batch: the batch, this run's row (1 for the first) and how many rows the batch had. */
  batch?: { id: string; row: number; size: number };
  /** The crew's answer once the run completed (a batch summary lists it without reading the event log). */
  output?: string;
  /** Why the run failed or was cancelled, so lists can say it after a reload without reading the event log. */
  error?: string;
}

/** Port for run history; events are appended in batches while the run goes. */
export interface RunRepository {
  /** Runs of a crew, newest first (summaries only). */
  list(crewId: string): Promise<RunRecord[]>;
  get(id: string): Promise<RunRecord | undefined>;
  put(run: RunRecord): Promise<void>;
  appendEvents(runId: string, events: readonly unknown[]): Promise<void>;
  /** The run's events in order. */
  events(runId: string): Promise<unknown[]>;
  remove(id: string): Promise<void>;
  /** Marks runs still "running" (left over from a closed tab) as interrupted, except those named; returns how many. */
  markInterrupted(except?: readonly string[]): Promise<number>;
}
