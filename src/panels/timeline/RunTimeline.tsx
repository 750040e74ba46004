import { type CSSProperties, Fragment, memo, useCallback, useMemo, useRef } from "react";
import type { Crew } from "../../model";
import type { RunView, Span } from "../../store";
import "./timeline.css";
import { RoundBands, RoundList, RoundMarks } from "./RoundBands";
import { roundStats } from "./roundStats";
import {
  formatDuration,
  formatStats,
  layoutTimeline,
  runEnd,
  spanEnd,
  type TimelineBar,
  timelineRange,
  timelineStats,
  timelineTicks,
} from "./timelineModel";

/** Props of RunTimeline: the folded run, the crew it ran (for lane names), the clock for open spans and a selection callback. */
export interface RunTimelineProps {
  view: RunView;
  crew: Crew;
  /** Current time on the events' clock; open spans are drawn up to it. */
  now: number;
  /** Called with a task id when its bar (or one of its calls) is clicked, or with an agent or task id from a lane label. */
  onSelectNode?: (id: string) => void;
}

const KIND_TEXT = { task: "task", llm: "model call", tool: "tool call" } as const;

/** Custom properties carry the geometry, so CSS does the arithmetic and a clock tick re-renders no closed bar. */
const vars = (values: Record<string, number>) => values as CSSProperties;

/** The run as a Gantt chart: one lane per agent, bars for tasks, model calls and tool calls, and how parallel it was. */
export function RunTimeline({ view, crew, now, onSelectNode }: RunTimelineProps) {
  // Token events leave `spans` untouched, so the layout is only redone when a span opens or closes.
  const layout = useMemo(() => layoutTimeline(view.spans, crew), [view.spans, crew]);
  const barsByLane = useMemo(() => {
    const lists: TimelineBar[][] = layout.lanes.map(() => []);
    for (const bar of layout.bars) lists[bar.lane]?.push(bar);
    return lists;
  }, [layout]);
  const { spans, startedAt, endedAt, status } = view;
  const parts = useMemo(() => ({ spans, startedAt, endedAt, status }), [spans, startedAt, endedAt, status]);
  const until = useMemo(() => runEnd(parts, now), [parts, now]);
  const range = useMemo(() => timelineRange(parts, now), [parts, now]);
  const stats = useMemo(() => timelineStats(parts, now), [parts, now]);
  // Environment runs: each round's wall time against its calls one by one (the run-level figures stay above).
  const rounds = useMemo(() => roundStats(view.rounds ?? [], spans, until), [view.rounds, spans, until]);
  const live = status === "running";
  const rangeMs = range.end - range.start;
  const ticks = useMemo(() => timelineTicks(rangeMs), [rangeMs]);
  // The parent may pass a new arrow each render; a stable handler keeps the memoised bars from re-rendering for it.
  const selectRef = useRef(onSelectNode);
  selectRef.current = onSelectNode;
  const select = useCallback((id: string) => selectRef.current?.(id), []);

  if (spans.length === 0)
    return (
      <section className="timeline timeline--empty" aria-label="Timeline" data-peak-concurrency={0}>
        <p className="timeline__empty">The timeline fills in as the crew runs</p>
      </section>
    );
  const selectable = (id: string) => crew.agents.some((a) => a.id === id) || crew.tasks.some((t) => t.id === id);
  return (
    <section
      className="timeline"
      aria-label="Timeline"
      data-peak-concurrency={stats.peakConcurrency}
      data-status={view.status}
      style={vars({ "--tl-range": rangeMs })}
    >
      <p className="timeline__stats">{formatStats(stats)}</p>
      {rounds.length > 0 && <RoundList rounds={rounds} crew={crew} />}
      <p className="timeline__legend" aria-hidden="true">
        <span className="timeline__key timeline__key--task">task</span>
        <span className="timeline__key timeline__key--llm">model call</span>
        <span className="timeline__key timeline__key--tool">tool call</span>
      </p>
      <div className="timeline__grid">
        <div className="timeline__corner" />
        <div className={`timeline__axis${rounds.length > 0 ? " timeline__axis--rounds" : ""}`} aria-hidden="true">
          <RoundMarks rounds={rounds} origin={range.start} rangeMs={rangeMs} />
          {ticks.map((tick) => (
            <span key={tick.at} className="timeline__tick" style={vars({ "--tl-s": tick.at })}>
              {tick.label}
            </span>
          ))}
        </div>
        <div className="timeline__gridlines" aria-hidden="true" style={{ gridRow: `2 / span ${layout.lanes.length}` }}>
          <RoundBands rounds={rounds} origin={range.start} />
          {ticks.map((tick) => (
            <span key={tick.at} className="timeline__gridline" style={vars({ "--tl-s": tick.at })} />
          ))}
        </div>
        {layout.lanes.map((lane, i) => (
          <Fragment key={lane.id}>
            <div className={`timeline__label timeline__label--${lane.kind}`} title={lane.name} style={{ gridRow: i + 2 }}>
              {selectable(lane.id) ? (
                <button type="button" className="timeline__label-button" onClick={() => select(lane.id)}>
                  {lane.name}
                </button>
              ) : (
                lane.name
              )}
            </div>
            <div
              className="timeline__lane"
              data-lane={lane.id}
              data-rows={lane.rows}
              style={{ gridRow: i + 2, ...vars({ "--tl-rows": lane.rows }) }}
            >
              {barsByLane[i]?.map((bar) => (
                <Bar
                  key={bar.span.id}
                  span={bar.span}
                  row={bar.row}
                  origin={range.start}
                  end={spanEnd(bar.span, until)}
                  live={live}
                  onPick={select}
                />
              ))}
            </div>
          </Fragment>
        ))}
      </div>
    </section>
  );
}

interface BarProps {
  span: Span;
  row: number;
  /** Time the axis starts at. */
  origin: number;
  /** Where the bar ends: its own end, or now while it runs. */
  end: number;
  /** The run is still going, so open bars are work in progress rather than cut off. */
  live: boolean;
  onPick: (id: string) => void;
}

/** One span; memoised, so only open bars re-render as the clock moves. */
const Bar = memo(function Bar({ span, row, origin, end, live, onPick }: BarProps) {
  const open = span.end === undefined;
  const duration = end - span.start;
  let time = formatDuration(duration);
  if (open) time = live ? `running ${time}` : `${time}, never finished`;
  const tooltip = [
    span.label,
    KIND_TEXT[span.kind],
    time,
    ...(span.tokens ? [`${span.tokens.toLocaleString("en-US")} tokens`] : []),
    ...(span.error ? ["failed"] : []),
  ].join(" · ");
  const className = [
    "timeline__bar",
    `timeline__bar--${span.kind}`,
    ...(open ? [live ? "timeline__bar--open" : "timeline__bar--cut"] : []),
    ...(span.error ? ["timeline__bar--error"] : []),
  ].join(" ");
  const common = {
    className,
    title: tooltip,
    "data-kind": span.kind,
    "data-task": span.taskId,
    "data-lane": span.lane,
    "data-row": row,
    "data-open": open || undefined,
    "data-error": span.error || undefined,
    style: vars({ "--tl-s": span.start - origin, "--tl-d": duration, "--tl-r": row }),
  };
  const text = span.kind === "task" ? <span className="timeline__text">{span.label}</span> : null;
  const taskId = span.taskId;
  if (taskId === undefined)
    return (
      <span {...common} role="img" aria-label={tooltip}>
        {text}
      </span>
    );
  return (
    // Calls leave the tab order: their task's bar selects the same node, and 300 stops would bury the rest of the panel.
    <button type="button" {...common} aria-label={tooltip} tabIndex={span.kind === "task" ? 0 : -1} onClick={() => onPick(taskId)}>
      {text}
    </button>
  );
});
