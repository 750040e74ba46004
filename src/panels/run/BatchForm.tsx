import { useMemo, useState } from "react";
import { findPlaceholders, type InputsRow, readCsvRows, readJsonRows } from "../../model";
import { MAX_BATCH_CONCURRENCY, plural, useApp, useAppStore } from "../../store";
import { RunBlockers } from "../RunBlockers";

const DEFAULT_CONCURRENCY = 2;

/**
 * The Batch mode of the Run dialog: a table of inputs (a column per placeholder, a row per run) typed in or
 * imported from CSV or JSON, and how many runs go at once. Each row becomes a run of its own, saved in History.
 */
export function BatchForm({ onStarted, onCancel }: { onStarted: () => void; onCancel: () => void }) {
  const store = useAppStore();
  const crew = useApp((s) => s.crew);
  const names = useMemo(() => findPlaceholders(crew), [crew]);
  const defaults = () => Object.fromEntries(names.map((n) => [n, crew.inputs[n] ?? ""]));
  const [rows, setRows] = useState<InputsRow[]>(() => [defaults()]);
  const [concurrency, setConcurrency] = useState(DEFAULT_CONCURRENCY);
  const blockers = store.getState().batchBlockers(rows);
  const setCell = (i: number, name: string, value: string) => setRows(rows.map((row, r) => (r === i ? { ...row, [name]: value } : row)));
  const start = () => {
    const reason = store.getState().startBatch(rows, concurrency);
    if (reason) store.getState().toast(`Cannot start the batch: ${reason}`, "error");
    else onStarted();
  };
  return (
    <form
      className="form batch-form"
      aria-label="Batch inputs"
      onSubmit={(e) => {
        e.preventDefault();
        if (blockers.length === 0) start();
      }}
    >
      <p className="panel-note">
        Runs the crew once per row, each run on its own and saved in History. Empty cells take the crew's default.
      </p>
      <table className="batch-form__table">
        <thead>
          <tr>
            <th scope="col">#</th>
            {names.map((n) => (
              <th scope="col" key={n}>
                {n}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place in the table
            <tr key={i}>
              <td className="batch-form__row">{i + 1}</td>
              {names.map((n) => (
                <td key={n}>
                  <input
                    className="field__input"
                    aria-label={`${n}, row ${i + 1}`}
                    value={row[n] ?? ""}
                    onChange={(e) => setCell(i, n, e.target.value)}
                  />
                </td>
              ))}
              <td>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove row ${i + 1}`}
                  disabled={rows.length === 1}
                  onClick={() => setRows(rows.filter((_, r) => r !== i))}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="button-row batch-form__tools">
        <button type="button" className="button button--small" onClick={() => setRows([...rows, defaults()])}>
          + Add row
        </button>
        <RowsImport names={names} onRows={setRows} />
      </div>
      <label className="field batch-form__concurrency">
        <span className="field__label">Runs at once</span>
        <input
          className="field__input"
          type="number"
          min={1}
          max={MAX_BATCH_CONCURRENCY}
          value={concurrency}
          onChange={(e) => setConcurrency(Number(e.target.value))}
        />
      </label>
      <RunBlockers blockers={blockers} />
      <div className="button-row">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={blockers.length > 0} aria-label="Start batch">
          Start batch of {plural(rows.length, "run")}
        </button>
      </div>
    </form>
  );
}

/** Paste CSV (a header row naming the inputs) or JSON (an array of objects); the rows replace the table only when all of it reads. */
function RowsImport({ names, onRows }: { names: string[]; onRows: (rows: InputsRow[]) => void }) {
  const [format, setFormat] = useState<"csv" | "json" | null>(null);
  const [text, setText] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const open = (next: "csv" | "json") => {
    setFormat(format === next ? null : next);
    setProblems([]);
  };
  const read = () => {
    const result = format === "json" ? readJsonRows(text, names) : readCsvRows(text, names);
    setProblems(result.problems);
    if (result.problems.length === 0) {
      onRows(result.rows);
      setFormat(null);
      setText("");
    }
  };
  const example = format === "json" ? `[{${names.map((n) => `"${n}": "…"`).join(", ")}}]` : `${names.join(",")}\n…`;
  return (
    <>
      <button type="button" className="button button--small" aria-pressed={format === "csv"} onClick={() => open("csv")}>
        Paste CSV
      </button>
      <button type="button" className="button button--small" aria-pressed={format === "json"} onClick={() => open("json")}>
        Paste JSON
      </button>
      {format && (
        <div className="batch-form__import">
          <label className="field">
            <span className="field__label">{format === "csv" ? "CSV, with a header row" : "JSON, an array of objects"}</span>
            <textarea
              className="field__input field__input--code"
              rows={5}
              value={text}
              placeholder={example}
              aria-invalid={problems.length > 0 || undefined}
              onChange={(e) => setText(e.target.value)}
            />
          </label>
          {problems.length > 0 && (
            <ul className="batch-form__problems" role="alert" aria-label="Import problems">
              {problems.slice(0, 12).map((p) => (
                <li key={p}>{p}</li>
              ))}
              {problems.length > 12 && <li>… and {problems.length - 12} more</li>}
            </ul>
          )}
          <button type="button" className="button button--small" disabled={!text.trim()} onClick={read}>
            Use these rows
          </button>
        </div>
      )}
    </>
  );
}
