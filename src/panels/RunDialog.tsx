import { useId, useMemo, useRef, useState } from "react";
import { findPlaceholders } from "../model";
import { NO_ENDPOINT_BLOCKER, useApp, useAppStore, usesDeviceDefault } from "../store";
import { Dialog } from "./Dialog";
import { DownloadBar } from "./models/DownloadBar";
import { FirstModelChoice } from "./models/FirstModelChoice";
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
  const deviceModel = useApp((s) => s.deviceModel);
  const [waitingFor, setWaitingFor] = useState<string | null>(null);
  const progress = useApp((s) => (waitingFor ? s.downloads[waitingFor] : undefined));
  const names = useMemo(() => findPlaceholders(crew), [crew]);
  const [inputs, setInputs] = useState<Record<string, string>>(() => Object.fromEntries(names.map((n) => [n, crew.inputs[n] ?? ""])));
  const [mode, setMode] = useState<"one" | "batch">("one");
  const latestInputs = useRef(inputs);
  latestInputs.current = inputs;
  const allBlockers = store.getState().runBlockers(inputs);
  const needsModel = allBlockers.includes(NO_ENDPOINT_BLOCKER);
  // The choice below replaces the "no endpoint" line: it says what to do instead of only what is missing.
  const blockers = allBlockers.filter((b) => b !== NO_ENDPOINT_BLOCKER);
  const localDefault = deviceModel?.kind === "webllm" && usesDeviceDefault(crew) ? deviceModel.modelId : null;
  const start = () => {
    // Crews without a model config (templates) run on the in-browser model this device chose first.
    store.getState().applyDeviceModel();
    const reason = store.getState().startRun(latestInputs.current);
    if (reason) store.getState().toast(`Cannot run: ${reason}`, "error");
    else {
      onClose();
      store.getState().setSidePanel("run");
    }
  };
  return (
    <Dialog title={`Run “${crew.name}”`} onClose={onClose} wide={needsModel || mode === "batch"}>
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
            if (allBlockers.length === 0 && !waitingFor) start();
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
          {localDefault && (
            <p className="panel-note">
              Agents without a model run in this tab on <code>{localDefault}</code>, the model this device chose first.
            </p>
          )}
          {needsModel && !waitingFor && (
            <FirstModelChoice
              onLocalChosen={(modelId) => {
                if (store.getState().cachedModels.some((c) => c.modelId === modelId)) return start();
                setWaitingFor(modelId);
                void store
                  .getState()
                  .downloadModel(modelId)
                  .then((ok) => {
                    setWaitingFor(null);
                    if (ok) start();
                  });
              }}
            />
          )}
          {waitingFor && progress && (
            <DownloadBar progress={progress} label={waitingFor} onCancel={() => store.getState().cancelDownload(waitingFor)} />
          )}
          <div className="button-row">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" disabled={allBlockers.length > 0 || waitingFor !== null}>
              Start run
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
