import type { RunRecord } from "../model";
import type { BatchState } from "./batchSlice";
import type { LiveRun } from "./runEntries";
import type { UsageByModel } from "./runViewTypes";

/** Where a batch row is: waiting its turn, going (paused, or waiting for a review), ended as saved, or never run. */
export type BatchRowStatus = RunRecord["status"] | "queued" | "paused" | "review" | "not run";

/** One row of a batch summary: its inputs, its run and what the run gave. */
export interface BatchRowView {
  /** 1 for the first row. */
  row: number;
  inputs: Record<string, string>;
  runId: string | null;
  status: BatchRowStatus;
  output: string;
  error?: string;
  totalTokens: number;
  usageByModel?: UsageByModel;
  startedAt?: number;
  endedAt?: number;
}

/** A batch as its summary shows it: a row per input, with totals. */
export interface BatchView {
  id: string;
  crewName: string;
  startedAt: number;
  /** "running" and "stopped" come from this tab; a batch rebuilt from saved runs is "ended". */
  state: BatchState["status"] | "ended";
  paused: boolean;
  rows: BatchRowView[];
  totalTokens: number;
  usageByModel: UsageByModel;
  /** From the first row's start to the last row's end (or now, while rows go). */
  durationMs: number;
  counts: Partial<Record<BatchRowStatus, number>>;
}

/**
 * The open crew's batches, newest first: those started in this tab (rows waiting, going and ended) and those rebuilt
 * from saved runs that carry a batch id (after a reload, rows never started show as "not run").
 */
export function batchViews(
  crewId: string | null,
  history: readonly RunRecord[],
  batches: Readonly<Record<string, BatchState>>,
  liveRuns: Readonly<Record<string, LiveRun>>,
  now: number,
): BatchView[] {
  const saved = new Map<string, RunRecord[]>();
  for (const record of history)
    if (record.batch && record.crewId === (crewId ?? "")) saved.set(record.batch.id, [...(saved.get(record.batch.id) ?? []), record]);
  const views: BatchView[] = [];
  for (const batch of Object.values(batches)) {
    if (batch.crewId !== crewId) continue;
    const records = new Map((saved.get(batch.id) ?? []).map((r) => [r.id, r]));
    saved.delete(batch.id);
    const rows = batch.rows.map((inputs, i): BatchRowView => {
      const runId = batch.runIds[i] ?? null;
      const live = runId ? liveRuns[runId] : undefined;
      const record = runId ? records.get(runId) : undefined;
      const error = batch.errors[i];
      const status: BatchRowStatus = live
        ? live.reviewing
          ? "review"
          : live.paused
            ? "paused"
            : "running"
        : (record?.status ?? (error ? "failed" : runId ? "running" : batch.status === "running" ? "queued" : "not run"));
      return rowView(i + 1, inputs, runId, status, record, live, error);
    });
    views.push(summarise(batch.id, batch.crewName, batch.startedAt, batch.status, batch.paused, rows, now));
  }
  for (const [id, records] of saved) {
    const size = Math.max(...records.map((r) => r.batch?.size ?? 0));
    const byRow = new Map(records.map((r) => [r.batch?.row ?? 0, r]));
    const rows = Array.from({ length: size }, (_, i): BatchRowView => {
      const record = byRow.get(i + 1);
      return rowView(i + 1, record?.inputs ?? {}, record?.id ?? null, record?.status ?? "not run", record, undefined);
    });
    const first = Math.min(...records.map((r) => r.startedAt));
    views.push(summarise(id, records[0]?.crewName ?? "", first, "ended", false, rows, now));
  }
  return views.sort((a, b) => b.startedAt - a.startedAt);
}

function rowView(
  row: number,
  inputs: Record<string, string>,
  runId: string | null,
  status: BatchRowStatus,
  record: RunRecord | undefined,
  live: LiveRun | undefined,
  error?: string,
): BatchRowView {
  const startedAt = live?.startedAt ?? record?.startedAt;
  const usageByModel = live?.usageByModel ?? record?.usageByModel;
  return {
    row,
    inputs,
    runId,
    status,
    output: record?.output ?? "",
    ...((error ?? record?.error) ? { error: error ?? record?.error } : {}),
    totalTokens: live?.totalTokens ?? record?.totalTokens ?? 0,
    ...(usageByModel ? { usageByModel } : {}),
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(!live && record?.endedAt !== undefined ? { endedAt: record.endedAt } : {}),
  };
}

function summarise(
  id: string,
  crewName: string,
  startedAt: number,
  state: BatchView["state"],
  paused: boolean,
  rows: BatchRowView[],
  now: number,
): BatchView {
  const usageByModel: UsageByModel = {};
  const counts: BatchView["counts"] = {};
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const row of rows) {
    counts[row.status] = (counts[row.status] ?? 0) + 1;
    for (const [model, u] of Object.entries(row.usageByModel ?? {})) {
      const sum = usageByModel[model] ?? { promptTokens: 0, completionTokens: 0, requests: 0 };
      usageByModel[model] = {
        promptTokens: sum.promptTokens + u.promptTokens,
        completionTokens: sum.completionTokens + u.completionTokens,
        requests: sum.requests + u.requests,
      };
    }
    if (row.startedAt !== undefined) {
      first = Math.min(first, row.startedAt);
      last = Math.max(last, row.endedAt ?? now);
    }
  }
  return {
    id,
    crewName,
    startedAt,
    state,
    paused,
    rows,
    totalTokens: rows.reduce((n, r) => n + r.totalTokens, 0),
    usageByModel,
    durationMs: last > first ? last - first : 0,
    counts,
  };
}
