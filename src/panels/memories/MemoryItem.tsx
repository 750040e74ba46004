import { useState } from "react";
import type { MemoryRecord } from "../../model";
import { useAppStore } from "../../store";

const KIND_BADGE: Record<MemoryRecord["kind"], string> = { "short-term": "short-term", "long-term": "long-term", entity: "entity" };
const LONG = 240;

/** One memory in the browser: kind, owner, date and importance; view it whole, edit it or delete it. */
export function MemoryItem({
  memory,
  agentName,
  taskName,
}: {
  memory: MemoryRecord;
  agentName: string | null;
  /** The task's name in the open crew; undefined when the crew no longer has that task. */
  taskName: string | undefined;
}) {
  const store = useAppStore();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<{ text: string; importance: string } | null>(null);
  const long = memory.text.length > LONG;
  const save = async () => {
    if (!draft) return;
    const importance = Number(draft.importance);
    if (!draft.text.trim()) return store.getState().toast("A memory cannot be empty", "error");
    if (!Number.isFinite(importance) || importance < 0 || importance > 1)
      return store.getState().toast(`Importance is a number from 0 to 1, not "${draft.importance}"`, "error");
    if (await store.getState().editMemory(memory.id, { text: draft.text.trim(), importance })) setDraft(null);
  };
  return (
    <li className="memory-item" data-memory={memory.id} data-kind={memory.kind}>
      <div className="memory-item__meta">
        <span className={`badge memory-item__kind memory-item__kind--${memory.kind}`}>{KIND_BADGE[memory.kind]}</span>
        {memory.entity && <strong className="memory-item__entity">{memory.entity.name}</strong>}
        <span className="memory-item__owner">{agentName ?? "crew-wide"}</span>
        {memory.taskId && (
          <span className="memory-item__task" title={`task ${memory.taskId}`}>
            {taskName === undefined ? `task ${memory.taskId} (no longer in the crew)` : `from "${taskName}"`}
          </span>
        )}
        <time dateTime={new Date(memory.createdAt).toISOString()} title={`updated ${new Date(memory.updatedAt).toLocaleString()}`}>
          {new Date(memory.createdAt).toLocaleString()}
        </time>
        <span title="Importance (0 to 1)">importance {memory.importance.toFixed(2)}</span>
        {memory.edited && <span className="badge">edited</span>}
      </div>
      {draft ? (
        <div className="memory-item__edit">
          <textarea
            className="field__input"
            aria-label="Memory text"
            rows={4}
            value={draft.text}
            onChange={(e) => setDraft({ ...draft, text: e.target.value })}
          />
          <label className="memory-item__importance">
            Importance
            <input
              className="field__input"
              aria-label="Importance"
              inputMode="decimal"
              value={draft.importance}
              onChange={(e) => setDraft({ ...draft, importance: e.target.value })}
            />
          </label>
          <div className="button-row">
            <button type="button" className="button" onClick={() => setDraft(null)}>
              Cancel
            </button>
            <button type="button" className="button button--primary" onClick={() => void save()}>
              Save
            </button>
          </div>
        </div>
      ) : (
        <p className="memory-item__text">{open || !long ? memory.text : `${memory.text.slice(0, LONG)}…`}</p>
      )}
      {!draft && (
        <div className="memory-item__actions">
          {long && (
            <button type="button" className="button button--small" onClick={() => setOpen(!open)}>
              {open ? "Less" : "View all"}
            </button>
          )}
          <button
            type="button"
            className="button button--small"
            aria-label={`Edit memory ${memory.id}`}
            onClick={() => setDraft({ text: memory.text, importance: String(memory.importance) })}
          >
            Edit
          </button>
          <button
            type="button"
            className="button button--small button--danger"
            aria-label={`Delete memory ${memory.id}`}
            onClick={() => void store.getState().deleteMemory(memory.id)}
          >
            Delete
          </button>
        </div>
      )}
    </li>
  );
}
