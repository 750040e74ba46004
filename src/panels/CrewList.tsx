import { useState } from "react";
import { type LiveRun, useApp, useAppShallow, useAppStore } from "../store";
import { Icon } from "./icons";

type CrewRunState = "running" | "paused" | "review";
const RUN_STATE_TEXT: Record<CrewRunState, string> = {
  running: "running",
  paused: "paused",
  review: "waits for your review",
};

/** By crew id, what its runs in progress are doing: a review waiting beats running, running beats paused. */
function runStateByCrew(liveRuns: Record<string, LiveRun>): Record<string, CrewRunState> {
  const rank: Record<CrewRunState, number> = { paused: 0, running: 1, review: 2 };
  const out: Record<string, CrewRunState> = {};
  for (const run of Object.values(liveRuns)) {
    const state: CrewRunState = run.reviewing ? "review" : run.paused ? "paused" : "running";
    const key = run.crewId ?? "";
    const had = out[key];
    if (!had || rank[state] > rank[had]) out[key] = state;
  }
  return out;
}

/**
 * The crews on this device: open, rename (double-click or F2), duplicate, delete (with undo). A crew with a run in
 * progress shows whether it runs, is paused or waits for a review.
 */
export function CrewList() {
  const store = useAppStore();
  const crews = useApp((s) => s.crews);
  const openId = useApp((s) => s.crewId);
  const runStates = useAppShallow((s) => runStateByCrew(s.liveRuns));
  const [editing, setEditing] = useState<string | null>(null);
  const lib = store.getState();
  const act = (work: Promise<unknown>) => void work.catch((e: Error) => lib.toast(e.message, "error"));
  return (
    <section className="crew-list" aria-label="Crews">
      <header className="crew-list__header">
        <h2 className="panel-title">Crews</h2>
        <button type="button" className="button button--small" onClick={() => act(lib.createCrew())}>
          + New crew
        </button>
      </header>
      <ul>
        {crews.map((c) => (
          <li key={c.id} className={c.id === openId ? "is-open" : ""} data-crew={c.name} data-run-state={runStates[c.id]}>
            {editing === c.id ? (
              <input
                className="field__input"
                aria-label={`New name for ${c.name}`}
                defaultValue={c.name}
                // biome-ignore lint/a11y/noAutofocus: the field appears because the person asked to rename
                autoFocus
                onBlur={(e) => {
                  setEditing(null);
                  act(lib.renameCrew(c.id, e.target.value));
                }}
                onKeyDown={(e) => {
                  if (e.key === "Enter") e.currentTarget.blur();
                  if (e.key === "Escape") setEditing(null);
                }}
              />
            ) : (
              <button
                type="button"
                className="crew-list__open"
                aria-current={c.id === openId ? "true" : undefined}
                onClick={() => act(lib.openCrew(c.id))}
                onDoubleClick={() => setEditing(c.id)}
                onKeyDown={(e) => e.key === "F2" && setEditing(c.id)}
              >
                <span className="crew-list__title">
                  <span className="crew-list__name">{c.name}</span>
                  {runStates[c.id] && (
                    <span
                      className={`crew-list__run crew-list__run--${runStates[c.id]}`}
                      role="img"
                      aria-label={RUN_STATE_TEXT[runStates[c.id] as CrewRunState]}
                      title={`A run of this crew ${RUN_STATE_TEXT[runStates[c.id] as CrewRunState]}`}
                    />
                  )}
                </span>
                <small>
                  {c.process} · {c.agents} agents · {c.tasks} tasks
                </small>
              </button>
            )}
            <span className="crew-list__actions">
              <button type="button" className="icon-button" aria-label={`Rename ${c.name}`} title="Rename" onClick={() => setEditing(c.id)}>
                <Icon name="pencil" />
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Duplicate ${c.name}`}
                title="Duplicate"
                onClick={() => act(lib.duplicateCrew(c.id))}
              >
                <Icon name="copy" />
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Delete ${c.name}`}
                title="Delete"
                onClick={() => act(lib.deleteCrew(c.id))}
              >
                <Icon name="trash" />
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
