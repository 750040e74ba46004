import { useRef } from "react";
import { problemsOf, useApp, useAppStore, useHistory } from "../store";
import { downloadCrew, readCrewFile } from "./fileActions";

/** The top bar: crew name, file actions, history, layout, theme and save state. */
export function Toolbar({ tidy, importFile }: { tidy: () => void; importFile: (file: File) => void }) {
  const store = useAppStore();
  const name = useApp((s) => s.crew.name);
  const saveState = useApp((s) => s.saveState);
  const theme = useApp((s) => s.theme);
  const problemCount = useApp((s) => problemsOf(s.crew).length);
  const live = useApp((s) => s.liveRun);
  const { canUndo, canRedo, undo, redo } = useHistory();
  const fileInput = useRef<HTMLInputElement>(null);
  const s = store.getState();
  return (
    <header className="toolbar">
      <div className="toolbar__brand" aria-hidden="true">
        crewdeck
      </div>
      <h1 className="toolbar__title" title={name}>
        {name}
      </h1>
      <span className={`save-state save-state--${saveState}`} role="status" aria-live="polite">
        {saveState === "saving" ? "Saving…" : saveState === "error" ? "Not saved" : "Saved"}
      </span>
      <nav className="toolbar__actions" aria-label="Crew actions">
        {live ? (
          <>
            <button
              type="button"
              className="button"
              onClick={() => (live.paused ? s.resumeRun() : s.pauseRun())}
              aria-label={live.paused ? "Resume" : "Pause"}
              title={live.paused ? "Resume the run (F8)" : "Pause after the steps in flight (F8)"}
            >
              {live.paused ? "▶ Resume" : "‖ Pause"}
            </button>
            <button
              type="button"
              className="button button--danger"
              onClick={() => s.stopRun()}
              aria-label="Stop"
              title="Stop the run: nothing more is sent (Ctrl+.)"
            >
              ■ Stop
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button button--primary"
            onClick={() => s.openDialog({ kind: "run" })}
            aria-label="Run"
            title="Run this crew (Ctrl+Enter)"
          >
            ▶ Run
          </button>
        )}
        <button
          type="button"
          className="button"
          onClick={() => s.openDialog({ kind: "endpoints" })}
          title="Model endpoints and keys on this device"
        >
          Models
        </button>
        <button
          type="button"
          className="button"
          onClick={() => s.openDialog({ kind: "knowledge" })}
          title="Documents the crew draws on: pasted text and files"
        >
          Knowledge
        </button>
        <button
          type="button"
          className="button"
          onClick={() => s.openDialog({ kind: "memory" })}
          title="What the crew remembers across runs (Shift+M)"
        >
          Memory
        </button>
        <span className="toolbar__sep" />
        <button type="button" className="button" onClick={() => s.openDialog({ kind: "templates" })}>
          Templates
        </button>
        <button
          type="button"
          className="button"
          onClick={() => fileInput.current?.click()}
          title="Import a .crew.json file (or drop it on the canvas)"
        >
          Import
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          aria-label="Import crew"
          className="visually-hidden"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) importFile(file);
          }}
        />
        <button type="button" className="button" onClick={() => s.openDialog({ kind: "paste-json" })}>
          Paste JSON
        </button>
        <button
          type="button"
          className="button"
          onClick={() => downloadCrew(s.crew, s.endpoints)}
          title="Download <crew-name>.crew.json (Ctrl+E)"
        >
          Export
        </button>
        <span className="toolbar__sep" />
        <button type="button" className="icon-button" onClick={undo} disabled={!canUndo} aria-label="Undo" title="Undo (Ctrl+Z)">
          ↶
        </button>
        <button type="button" className="icon-button" onClick={redo} disabled={!canRedo} aria-label="Redo" title="Redo (Shift+Ctrl+Z)">
          ↷
        </button>
        <button type="button" className="button" onClick={tidy} title="Auto-layout (Shift+L)">
          Tidy up
        </button>
        <button
          type="button"
          className="button"
          onClick={() => s.setSidePanel("problems")}
          aria-label={`Problems: ${problemCount}`}
          data-count={problemCount}
        >
          {problemCount === 0 ? "✓ Ready" : `⚠ ${problemCount}`}
        </button>
        <span className="toolbar__sep" />
        <button
          type="button"
          className="icon-button"
          onClick={() => s.setTheme(theme === "dark" ? "light" : "dark")}
          aria-label={theme === "dark" ? "Light theme" : "Dark theme"}
          title="Toggle light/dark"
        >
          {theme === "dark" ? "☀" : "☾"}
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={() => s.openDialog({ kind: "shortcuts" })}
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
        >
          ?
        </button>
      </nav>
    </header>
  );
}

/** Reads a file and imports it through the store, reporting read failures as toasts. */
export function useImportFile(): (file: File) => void {
  const store = useAppStore();
  return (file: File) => {
    void readCrewFile(file)
      .then((text) => store.getState().importCrewText(text, file.name))
      .catch((e: Error) => store.getState().toast(`Could not read ${file.name}: ${e.message}`, "error"));
  };
}
