import { useRef, useState } from "react";
import "./run.css";
import { priceFor, shownRun, type UiSlice, useApp, useAppStore } from "../../store";
import { RunConsole } from "../console/RunConsole";
import { RunTimeline } from "../timeline";
import { BatchSummary } from "./BatchSummary";
import { ReplayBar } from "./ReplayBar";
import { RunHistory } from "./RunHistory";
import { RunSummaryLine } from "./RunSummaryLine";
import { useRunClock } from "./useRunClock";
import { useThrottled } from "./useThrottled";

const TABS: { id: UiSlice["dock"]["tab"]; label: string }[] = [
  { id: "console", label: "Console" },
  { id: "timeline", label: "Timeline" },
  { id: "history", label: "History" },
  { id: "batch", label: "Batch" },
];
const MIN_HEIGHT = 140;

/** The dock under the canvas: the run's console, its timeline and the crew's run history, with replay controls. */
export function RunDock() {
  const store = useAppStore();
  const dock = useApp((s) => s.dock);
  const replaying = useApp((s) => s.replay !== null);
  const historyCount = useApp((s) => s.history.length);
  const liveCount = useApp((s) => Object.keys(s.liveRuns).length);
  // The Batch tab appears once the open crew has a batch (going in this tab, or saved).
  const hasBatch = useApp((s) => s.history.some((r) => r.batch) || Object.values(s.batches).some((b) => b.crewId === s.crewId));
  const [height, setHeight] = useState(300);
  const drag = useRef<{ y: number; h: number } | null>(null);
  // Refitting the crew when the dock opens or closes is the canvas's job (useKeepFitted), which leaves a view the
  // person chose alone.
  const choose = (tab: UiSlice["dock"]["tab"]) => store.getState().setDock({ tab, open: true });
  return (
    <section className={`run-dock${dock.open ? " is-open" : ""}`} aria-label="Run dock" style={dock.open ? { height } : undefined}>
      {dock.open && (
        // biome-ignore lint/a11y/useSemanticElements: a drag handle; the dock height also follows the keyboard below
        <div
          className="run-dock__resize"
          role="separator"
          aria-orientation="horizontal"
          aria-label="Resize the run dock"
          aria-valuenow={height}
          tabIndex={0}
          onKeyDown={(e) => {
            if (e.key === "ArrowUp") setHeight((h) => Math.min(window.innerHeight - 200, h + 24));
            if (e.key === "ArrowDown") setHeight((h) => Math.max(MIN_HEIGHT, h - 24));
          }}
          onPointerDown={(e) => {
            drag.current = { y: e.clientY, h: height };
            e.currentTarget.setPointerCapture(e.pointerId);
          }}
          onPointerMove={(e) => {
            if (!drag.current) return;
            const next = drag.current.h + drag.current.y - e.clientY;
            setHeight(Math.max(MIN_HEIGHT, Math.min(window.innerHeight - 200, next)));
          }}
          onPointerUp={() => {
            drag.current = null;
          }}
        />
      )}
      <header className="run-dock__bar">
        <div role="tablist" className="run-dock__tabs" aria-label="Run views">
          {TABS.filter((t) => t.id !== "batch" || hasBatch).map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={dock.open && dock.tab === t.id}
              className="run-dock__tab"
              onClick={() => (dock.open && dock.tab === t.id ? store.getState().setDock({ open: false }) : choose(t.id))}
            >
              {t.label}
              {t.id === "history" && historyCount > 0 && <span className="badge">{historyCount}</span>}
              {t.id === "history" && liveCount > 0 && (
                <span className="badge run-status run-status--running" title="Runs going in this tab, any crew">
                  {liveCount} running
                </span>
              )}
            </button>
          ))}
        </div>
        <RunSummaryLine />
        <button
          type="button"
          className="icon-button run-dock__toggle"
          aria-label={dock.open ? "Fold the run dock" : "Unfold the run dock"}
          aria-expanded={dock.open}
          onClick={() => store.getState().setDock({ open: !dock.open })}
        >
          {dock.open ? "▾" : "▴"}
        </button>
      </header>
      {dock.open && replaying && <ReplayBar />}
      {dock.open && (
        <div className="run-dock__body" role="tabpanel" aria-label={TABS.find((t) => t.id === dock.tab)?.label}>
          {dock.tab === "console" && <ConsoleView />}
          {dock.tab === "timeline" && <TimelineView />}
          {dock.tab === "history" && <RunHistory />}
          {dock.tab === "batch" && <BatchSummary />}
        </div>
      )}
    </section>
  );
}

function useShown() {
  const run = useApp(shownRun);
  const crew = useApp((s) => s.runCrew);
  return { run, crew };
}

function EmptyRun() {
  const store = useAppStore();
  const elsewhere = useApp((s) => Object.values(s.liveRuns).filter((r) => r.crewId !== s.crewId).length);
  return (
    <div className="panel-empty run-dock__empty">
      <p>
        No run shown. Press Run to start this crew, or replay one from History.
        {elsewhere > 0 &&
          ` ${elsewhere === 1 ? "A run of another crew is" : `${elsewhere} runs of other crews are`} going: History lists ${elsewhere === 1 ? "it" : "them"}.`}
      </p>
      <button type="button" className="button button--primary" onClick={() => store.getState().openDialog({ kind: "run" })}>
        ▶ Run
      </button>
    </div>
  );
}

/** While a run is live, the console and timeline redraw this often at most (the canvas follows every frame). */
const LIVE_REDRAW_MS = 250;

function ConsoleView() {
  const store = useAppStore();
  const { run, crew } = useShown();
  const live = useApp((s) => s.runMode === "live" && s.run?.status === "running");
  const events = useThrottled(
    useApp((s) => s.runEvents),
    live ? LIVE_REDRAW_MS : 0,
  );
  const prices = useApp((s) => s.prices);
  if (!run || !crew) return <EmptyRun />;
  return (
    <RunConsole
      events={events}
      crew={crew}
      onSelectNode={(id) => store.getState().select([id])}
      priceOf={(model) => priceFor(model, prices)}
    />
  );
}

function TimelineView() {
  const store = useAppStore();
  const shown = useShown();
  const live = useApp((s) => s.runMode === "live" && s.run?.status === "running");
  const run = useThrottled(shown.run, live ? LIVE_REDRAW_MS : 0);
  const crew = shown.crew;
  const now = useRunClock();
  if (!run || !crew) return <EmptyRun />;
  return <RunTimeline view={run} crew={crew} now={now} onSelectNode={(id) => store.getState().select([id])} />;
}
