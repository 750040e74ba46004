import { MANAGER_AGENT_ID } from "../../engine/events";
import type { Crew } from "../../model";
import type { RunView, Span } from "../../store";

/** One horizontal band of the timeline: an agent, a task run without an agent, or the crew itself. */
export interface TimelineLane {
  id: string;
  /** Agent role (else id), task name (else id), or "Crew". */
  name: string;
  kind: "agent" | "task" | "crew";
  /** Sub-rows the lane needs so that no two bars in it cover each other. */
  rows: number;
}

/** A span placed on the timeline: its lane (index into `lanes`) and sub-row within the lane. */
export interface TimelineBar {
  span: Span;
  lane: number;
  row: number;
}

/** Lanes and placed bars; depends on the spans and the crew only, so it survives the clock ticking. */
export interface TimelineLayout {
  lanes: TimelineLane[];
  bars: TimelineBar[];
}

/** The run's headline numbers, in milliseconds. */
export interface TimelineStats {
  /** Run end (or now) minus run start. */
  wallMs: number;
  /** Sum of every model and tool call's duration: what running them one by one would take. */
  serialMs: number;
  /** serial / wall, or null when no time has passed. */
  speedup: number | null;
  /** Most model calls in flight at the same moment. */
  peakConcurrency: number;
}

/** Absolute times (same clock as the events) the axis spans. */
export interface TimeRange {
  start: number;
  end: number;
}

/** Everything the timeline shows, for one view at one moment. */
export interface TimelineModel extends TimelineLayout {
  range: TimeRange;
  stats: TimelineStats;
}

/** The parts of a view the timeline reads. */
export type TimelineView = Pick<RunView, "status" | "startedAt" | "endedAt" | "spans">;

/**
 * Where the run's clock stops: its end, now while it runs, else the latest moment any span knows, because a run
 * cut off without an end event (a closed tab) would otherwise keep growing with the wall clock.
 */
export function runEnd(view: TimelineView, now: number): number {
  if (view.endedAt !== undefined) return view.endedAt;
  if (view.status === "running") return now;
  let last = view.startedAt;
  for (const span of view.spans) last = Math.max(last, span.end ?? span.start);
  return last;
}

/** The end of a span for drawing and adding up: open spans last until `until` (see runEnd), never end before they began. */
export function spanEnd(span: Span, until: number): number {
  return Math.max(span.start, span.end ?? until);
}

/** The lane's kind and display name, from the crew when it knows the id. */
function describeLane(id: string, span: Span, crew: Crew): Omit<TimelineLane, "rows"> {
  if (id === "crew") return { id, name: "Crew", kind: "crew" };
  if (id === MANAGER_AGENT_ID) return { id, name: "Crew Manager", kind: "agent" };
  const agent = crew.agents.find((a) => a.id === id);
  if (agent) return { id, name: agent.role.trim() || id, kind: "agent" };
  const task = crew.tasks.find((t) => t.id === id);
  if (task || id === span.taskId) return { id, name: task?.name.trim() || id, kind: "task" };
  // An agent the crew no longer has (edited since the run) or one the engine made up, like a manager.
  return { id, name: id, kind: "agent" };
}

/** Placed intervals of one sub-row; open spans count as never ending, which keeps rows stable while they run. */
interface Row {
  tasks: { taskId: string | undefined; start: number; end: number }[];
  callsEnd: number;
}

const overlaps = (a: { start: number; end: number }, start: number, end: number) => a.start < end && start < a.end;

/**
 * Greedy interval packing of one lane's spans, in start order. Task bars pack among themselves; model and tool calls
 * then sit on their own task's row when it is free, else on the first row where they cover no other call and no other
 * task's bar, else on a new row: so concurrent work stacks instead of hiding and every call stays read as its task's.
 */
function packLane(spans: readonly Span[]): { rows: number; placed: Map<Span, number> } {
  const rows: Row[] = [];
  const placed = new Map<Span, number>();
  const taskRow = new Map<string, number>();
  const endOf = (s: Span) => s.end ?? Number.POSITIVE_INFINITY;
  for (const span of spans) {
    if (span.kind !== "task") continue;
    const end = endOf(span);
    let index = rows.findIndex((r) => !r.tasks.some((t) => overlaps(t, span.start, end)));
    if (index < 0) index = rows.push({ tasks: [], callsEnd: Number.NEGATIVE_INFINITY }) - 1;
    (rows[index] as Row).tasks.push({ taskId: span.taskId, start: span.start, end });
    placed.set(span, index);
    if (span.taskId !== undefined) taskRow.set(span.taskId, index);
  }
  for (const span of spans) {
    if (span.kind === "task") continue;
    const end = endOf(span);
    const fits = (r: Row) => r.callsEnd <= span.start && !r.tasks.some((t) => t.taskId !== span.taskId && overlaps(t, span.start, end));
    const own = span.taskId === undefined ? undefined : taskRow.get(span.taskId);
    let index = own !== undefined && fits(rows[own] as Row) ? own : rows.findIndex(fits);
    if (index < 0) index = rows.push({ tasks: [], callsEnd: Number.NEGATIVE_INFINITY }) - 1;
    (rows[index] as Row).callsEnd = end;
    placed.set(span, index);
  }
  return { rows: Math.max(1, rows.length), placed };
}

/** Lanes in order of first appearance and every span placed on a lane and sub-row. Pure; memoise on (spans, crew). */
export function layoutTimeline(spans: readonly Span[], crew: Crew): TimelineLayout {
  // Sorted by start (stable), tasks first on ties, so the packing sees intervals in the order it assumes.
  const order = spans.map((span, i) => ({ span, i }));
  order.sort((a, b) => a.span.start - b.span.start || Number(a.span.kind !== "task") - Number(b.span.kind !== "task") || a.i - b.i);
  const byLane = new Map<string, Span[]>();
  const lanes: TimelineLane[] = [];
  for (const { span } of order) {
    let list = byLane.get(span.lane);
    if (!list) {
      list = [];
      byLane.set(span.lane, list);
      lanes.push({ ...describeLane(span.lane, span, crew), rows: 1 });
    }
    list.push(span);
  }
  const bars: TimelineBar[] = [];
  lanes.forEach((lane, laneIndex) => {
    const { rows, placed } = packLane(byLane.get(lane.id) ?? []);
    lane.rows = rows;
    for (const [span, row] of placed) bars.push({ span, lane: laneIndex, row });
  });
  // Task bars first so, drawn in DOM order, they sit behind the calls.
  bars.sort((a, b) => Number(a.span.kind !== "task") - Number(b.span.kind !== "task"));
  return { lanes, bars };
}

/** From the run's start to its end (or now), stretched to cover any span that reaches further; never empty. */
export function timelineRange(view: TimelineView, now: number): TimeRange {
  let start = view.startedAt;
  let end = runEnd(view, now);
  const until = end;
  for (const span of view.spans) {
    start = Math.min(start, span.start);
    end = Math.max(end, spanEnd(span, until));
  }
  return { start, end: Math.max(end, start + 1) };
}

/** Most intervals covering one moment; one ending exactly when another starts does not count as overlap. */
export function peakOverlap(intervals: readonly { start: number; end: number }[]): number {
  const edges: [number, number][] = [];
  for (const { start, end } of intervals) edges.push([start, 1], [end, -1]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of edges) {
    current += delta;
    peak = Math.max(peak, current);
  }
  return peak;
}

/** Wall time, serial time of the calls, speedup and peak model calls in flight; open spans are measured up to runEnd. */
export function timelineStats(view: TimelineView, now: number): TimelineStats {
  const until = runEnd(view, now);
  const wallMs = Math.max(0, until - view.startedAt);
  let serialMs = 0;
  const llm: { start: number; end: number }[] = [];
  for (const span of view.spans) {
    if (span.kind === "task") continue;
    const end = spanEnd(span, until);
    serialMs += end - span.start;
    if (span.kind === "llm") llm.push({ start: span.start, end: span.end === undefined ? Number.POSITIVE_INFINITY : end });
  }
  return { wallMs, serialMs, speedup: wallMs > 0 ? serialMs / wallMs : null, peakConcurrency: peakOverlap(llm) };
}

/** The whole model for one render: layout, range and stats. */
export function timelineModel(view: TimelineView, crew: Crew, now: number): TimelineModel {
  return { ...layoutTimeline(view.spans, crew), range: timelineRange(view, now), stats: timelineStats(view, now) };
}

/** A duration for the timeline: "850 ms", "12.3 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  const total = Math.round(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** The stats header: "Wall 12.3 s · Serial 31.0 s · Speedup 2.5× · up to 3 calls at once". */
export function formatStats(stats: TimelineStats): string {
  const parts = [
    `Wall ${formatDuration(stats.wallMs)}`,
    `Serial ${formatDuration(stats.serialMs)}`,
    `Speedup ${stats.speedup === null ? "—" : `${stats.speedup.toFixed(1)}×`}`,
  ];
  if (stats.peakConcurrency > 0) parts.push(`up to ${stats.peakConcurrency} ${stats.peakConcurrency === 1 ? "call" : "calls"} at once`);
  return parts.join(" · ");
}

/** One axis mark: milliseconds from the range start and its label. */
export interface Tick {
  at: number;
  label: string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
// 1-2-5 within each unit; seconds and minutes step on to 30 rather than 50, which nobody reads on a clock.
const STEPS = [
  ...[1, 2, 5, 10, 20, 50, 100, 200, 500],
  ...[1, 2, 5, 10, 20, 30].map((s) => s * SECOND),
  ...[1, 2, 5, 10, 20, 30, 60, 120, 300, 600].map((m) => m * MINUTE),
];

/** The smallest nice step that keeps at most `maxTicks` intervals across `spanMs`. */
export function tickStep(spanMs: number, maxTicks = 6): number {
  const wanted = spanMs / Math.max(1, maxTicks);
  return STEPS.find((s) => s >= wanted) ?? Math.ceil(wanted / (600 * MINUTE)) * 600 * MINUTE;
}

/** A tick label in the unit of the step: "400 ms", "1.2 s", "1 min 20 s", "5 min". */
export function tickLabel(at: number, step: number): string {
  if (at === 0) return "0";
  if (step < SECOND && at < SECOND) return `${at} ms`;
  if (step < MINUTE && at < MINUTE) return `${Number((at / SECOND).toFixed(3))} s`;
  const minutes = Math.floor(at / MINUTE);
  const seconds = Number(((at % MINUTE) / SECOND).toFixed(3));
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** Axis marks at nice 1-2-5 steps from 0 across `spanMs` (milliseconds). */
export function timelineTicks(spanMs: number, maxTicks = 6): Tick[] {
  if (!(spanMs > 0)) return [{ at: 0, label: "0" }];
  const step = tickStep(spanMs, maxTicks);
  const ticks: Tick[] = [];
  for (let at = 0; at <= spanMs; at += step) ticks.push({ at, label: tickLabel(at, step) });
  return ticks;
}
