import { useId, useMemo, useState } from "react";
import { findPlaceholders } from "../model";
import { useApp, useAppStore } from "../store";
import { Dialog } from "./Dialog";
import { EndpointsEditor } from "./EndpointsEditor";
import { RunBlockers } from "./RunBlockers";
import { BatchForm } from "./run/BatchForm";

/**
 * Asks for the run's inputs (pre-filled from the crew's defaults), checks the crew, and starts the run; in Batch
 * mode, a table of inputs rows, each started as its own run.
 */
export function RunDialog({ onClose }: { onClose: () => void }) {
  const store = useAppStore();
  const id = useId();
  const crew = useApp((s) => s.crew);
  const endpoints = useApp((s) => s.endpoints);
  const names = useMemo(() => findPlaceholders(crew), [crew]);
  const [inputs, setInputs] = useState<Record<string, string>>(() => Object.fromEntries(names.map((n) => [n, crew.inputs[n] ?? ""])));
  const [mode, setMode] = useState<"one" | "batch">("one");
  const blockers = store.getState().runBlockers(inputs);
  const start = () => {
    const reason = store.getState().startRun(inputs);
    if (reason) store.getState().toast(`Cannot run: ${reason}`, "error");
    else {
      onClose();
      store.getState().setSidePanel("run");
    }
  };
  return (
    <Dialog title={`Run “${crew.name}”`} onClose={onClose} wide={endpoints.length === 0 || mode === "batch"}>
      <div role="tablist" className="tabs run-dialog__modes" aria-label="Run mode">
        {(["one", "batch"] as const).map((m) => (
          <button key={m} type="button" role="tab" className="tabs__tab" aria-selected={mode === m} onClick={() => setMode(m)}>
            {m === "one" ? "One run" : "Batch"}
          </button>
        ))}
      </div>
      {mode === "batch" && (
        <BatchForm
          onCancel={onClose}
          onStarted={() => {
            onClose();
            store.getState().setSidePanel("run");
          }}
        />
      )}
      {mode === "one" && (
        <form
          className="form"
          aria-label="Run inputs"
          onSubmit={(e) => {
            e.preventDefault();
            if (blockers.length === 0) start();
          }}
        >
          {names.length === 0 && <p className="panel-note">This crew asks for no inputs.</p>}
          {(crew.settings.tokenBudget || crew.settings.costBudget) && (
            <p className="panel-note">
              Stops before going over{" "}
              {[
                crew.settings.tokenBudget ? `${crew.settings.tokenBudget} tokens` : "",
                crew.settings.costBudget ? `$${crew.settings.costBudget}` : "",
              ]
                .filter(Boolean)
                .join(" or ")}{" "}
              (budget in the Crew tab).
            </p>
          )}
          {names.map((name) => (
            <div className="field" key={name}>
              <label className="field__label" htmlFor={`${id}-${name}`}>
                {name}
              </label>
              <textarea
                id={`${id}-${name}`}
                className="field__input"
                rows={2}
                value={inputs[name] ?? ""}
                onChange={(e) => setInputs({ ...inputs, [name]: e.target.value })}
              />
            </div>
          ))}
          <RunBlockers blockers={blockers} />
          <div className="button-row">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" disabled={blockers.length > 0}>
              Start run
            </button>
          </div>
        </form>
      )}
      {endpoints.length === 0 && <EndpointsEditor />}
    </Dialog>
  );
}
