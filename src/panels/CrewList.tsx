import { useState } from "react";
import { useApp, useAppStore } from "../store";
import { Icon } from "./icons";

/** The crews on this device: open, rename (double-click or F2), duplicate, delete (with undo). */
export function CrewList() {
  const store = useAppStore();
  const crews = useApp((s) => s.crews);
  const openId = useApp((s) => s.crewId);
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
          <li key={c.id} className={c.id === openId ? "is-open" : ""} data-crew={c.name}>
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
                <span className="crew-list__name">{c.name}</span>
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
