import { readFile } from "node:fs/promises";
import {
  CrewInvalidError,
  type CrewResult,
  type EventListener,
  type KnowledgeBase,
  kickoffForEach,
  type MemoryStore,
  preflight,
  type ResolveLlm,
  type RunEvent,
} from "../engine";
import { type Crew, completeRow, describeProblems, findPlaceholders, readRowsFile, rowProblems } from "../model";
import { BuiltinToolHost, RunFileSpace } from "../tools";

/** What a batch run of the CLI needs from the command line and main. */
export interface BatchOptions {
  file: string;
  inputsFile: string;
  /** --input values: they fill what a row leaves out. */
  inputs: Record<string, string>;
  concurrency: number;
  json: boolean;
  resolveLlm: ResolveLlm;
  signal: AbortSignal;
  onEvent: EventListener;
  /** --knowledge files, shared by every run of the batch (they only read it). */
  knowledge?: KnowledgeBase;
  /** --memory: one crew memory the runs of the batch share (each recalls its own run's short-term memories). */
  memory?: MemoryStore;
}

/** Exit codes of a batch, as for one run: any failed run fails the batch, a cancelled one cancels it. */
const EXIT = { ok: 0, invalid: 1, failed: 2, cancelled: 130 } as const;

/** Runs the crew once per row of the inputs file (kickoffForEach), prints progress, then a summary or the JSON results. */
export async function runBatch(
  crew: Crew,
  options: BatchOptions,
  io: { stdout: (text: string) => void; stderr: (text: string) => void },
): Promise<number> {
  const rows = await readRows(crew, options, io);
  if (!rows) return EXIT.invalid;
  const problems = rows.flatMap((row, i) =>
    preflight(crew, { ...crew.inputs, ...row }).map((p) => `  row ${i + 1}: ${p.path.join(".") || "$"}: ${p.message}`),
  );
  if (problems.length) {
    io.stderr(`crewdeck: ${options.file} cannot run these rows of ${options.inputsFile}:\n${problems.join("\n")}\n`);
    return EXIT.invalid;
  }
  const progress = options.json ? null : batchProgress(rows.length, (line) => io.stderr(`${line}\n`));
  const started = Date.now();
  let batch: Awaited<ReturnType<typeof kickoffForEach>>;
  try {
    batch = await kickoffForEach(crew, rows, {
      resolveLlm: options.resolveLlm,
      host: new BuiltinToolHost(),
      ...(options.knowledge ? { knowledge: options.knowledge } : {}),
      ...(options.memory ? { memory: options.memory } : {}),
      // Each run writes into a file space of its own.
      files: () => new RunFileSpace(),
      signal: options.signal,
      concurrency: options.concurrency,
      onEvent: (event) => {
        options.onEvent(event);
        progress?.(event);
      },
    });
  } catch (error) {
    if (!(error instanceof CrewInvalidError)) throw error;
    io.stderr(`crewdeck: ${options.file} cannot run:\n${describeProblems(error.problems)}\n`);
    return EXIT.invalid;
  }
  const { results, usage } = batch;
  const durationMs = Date.now() - started;
  if (options.json)
    io.stdout(
      `${JSON.stringify({
        results: results.map((r, i) => ({ row: i + 1, inputs: rows[i], ...resultJson(r) })),
        usage: plainUsage(usage),
        durationMs,
      })}\n`,
    );
  else io.stdout(summaryTable(results, usage, durationMs));
  if (results.some((r) => r.status === "cancelled")) return EXIT.cancelled;
  return results.every((r) => r.status === "completed") ? EXIT.ok : EXIT.failed;
}

async function readRows(crew: Crew, options: BatchOptions, io: { stderr: (text: string) => void }) {
  let text: string;
  try {
    text = await readFile(options.inputsFile, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr(`crewdeck: cannot read ${options.inputsFile}: ${code === "ENOENT" ? "no such file" : (error as Error).message}\n`);
    return null;
  }
  const names = findPlaceholders(crew);
  const read = readRowsFile(text, options.inputsFile, names);
  if (read.problems.length) {
    io.stderr(`crewdeck: ${options.inputsFile}:\n${read.problems.map((p) => `  ${p}`).join("\n")}\n`);
    return null;
  }
  // What a row leaves empty comes from --input, then from the crew's own defaults.
  const defaults = { ...crew.inputs, ...options.inputs };
  const missing = rowProblems(read.rows, names, defaults);
  if (missing.length) {
    io.stderr(`crewdeck: ${options.inputsFile}:\n${missing.map((p) => `  ${p}`).join("\n")}\n`);
    return null;
  }
  return read.rows.map((row) => completeRow(row, names, defaults));
}

/** One run's result as the JSON output shows it (also the shape of a single run's --json). */
export function resultJson(result: CrewResult) {
  return {
    status: result.status,
    raw: result.raw,
    tasks: result.tasks.map((t) => ({
      id: t.taskId,
      agent: t.agentId,
      raw: t.raw,
      ...(t.json !== undefined ? { json: t.json } : {}),
      usage: t.usage,
    })),
    usage: plainUsage(result.usage),
    durationMs: result.durationMs,
    files: Object.fromEntries(result.files.list().map((path) => [path, result.files.read(path) ?? ""])),
    ...(result.error ? { error: result.error } : {}),
  };
}

function plainUsage(usage: CrewResult["usage"]) {
  const { promptTokens, completionTokens, totalTokens, requests, estimated } = usage;
  return { promptTokens, completionTokens, totalTokens, requests, estimated };
}

/** A line when each row starts and ends. Rows start in order, so the n-th run to start is row n. */
function batchProgress(size: number, write: (line: string) => void): (event: RunEvent) => void {
  const rowOf = new Map<string, number>();
  return (event) => {
    if (event.type === "run.started") {
      rowOf.set(event.runId, rowOf.size + 1);
      const inputs = Object.entries(event.inputs)
        .map(([k, v]) => `${k}=${short(v, 30)}`)
        .join(" ");
      write(`▶ row ${rowOf.size}/${size}${inputs ? ` (${inputs})` : ""}`);
      return;
    }
    const row = `row ${rowOf.get(event.runId) ?? "?"}/${size}`;
    if (event.type === "run.completed")
      write(`✓ ${row} done · ${event.usage.totalTokens} tokens · ${seconds(event.durationMs)}: ${short(event.output, 70)}`);
    else if (event.type === "run.failed") write(`✗ ${row} failed: ${event.error}`);
    else if (event.type === "run.cancelled") write(`■ ${row} cancelled: ${event.reason}`);
  };
}

function summaryTable(results: CrewResult[], usage: CrewResult["usage"], durationMs: number): string {
  const lines = results.map((r, i) => [
    String(i + 1),
    r.status,
    String(r.usage.totalTokens),
    seconds(r.durationMs),
    short(r.raw || r.error || "", 60),
  ]);
  const head = ["row", "status", "tokens", "time", "output"];
  const widths = head.map((h, c) => Math.max(h.length, ...lines.map((l) => (l[c] ?? "").length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c] ?? 0)))
      .join("  ")
      .trimEnd();
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const tally = [...counts].map(([status, n]) => `${n} ${status}`).join(", ");
  const total = `total: ${results.length} rows (${tally}) · ${usage.totalTokens} tokens${usage.estimated ? " (partly estimated)" : ""} · ${usage.requests} requests · ${seconds(durationMs)}`;
  return `${[format(head), ...lines.map(format), total].join("\n")}\n`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
function short(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
