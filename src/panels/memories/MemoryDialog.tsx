import { useEffect, useRef, useState } from "react";
import { MEMORY_KINDS, type MemoryKind, taskTitle } from "../../model";
import { plural, useApp, useAppStore } from "../../store";
import { Dialog } from "../Dialog";
import { downloadText } from "../run/download";
import { MemoryItem } from "./MemoryItem";
import "./memory.css";

const KIND_LABEL: Record<MemoryKind, string> = { "short-term": "Short-term", "long-term": "Long-term", entity: "Entity" };
/** Agent filter values that are not agent ids. */
const ALL = "*";
const CREW_WIDE = "";

/** The memory browser: the open crew's memories, searchable and filterable, to view, edit, delete, export and import. */
export function MemoryDialog({ onClose }: { onClose: () => void }) {
  const store = useAppStore();
  const crewId = useApp((s) => s.crewId);
  const agents = useApp((s) => s.crew.agents);
  const tasks = useApp((s) => s.crew.tasks);
  const memoryOn = useApp((s) => s.crew.settings.memory || s.crew.agents.some((a) => a.memory));
  const memories = useApp((s) => s.memories);
  const filter = useApp((s) => s.memoryFilter);
  const error = useApp((s) => s.memoryError);
  const loading = useApp((s) => s.memoryLoading);
  const [text, setText] = useState(filter.text ?? "");
  const [confirmClear, setConfirmClear] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const s = store.getState();

  useEffect(() => {
    void store.getState().loadMemories();
  }, [store]);
  useEffect(() => {
    // Typing searches as you go, without a query per keystroke; the box as it opened is what the first load searched.
    const wanted = text.trim() || undefined;
    if (wanted === store.getState().memoryFilter.text) return;
    const timer = setTimeout(() => void store.getState().loadMemories({ text: wanted }, false), 150);
    return () => clearTimeout(timer);
  }, [text, store]);

  const agentValue = filter.agentId === undefined ? ALL : (filter.agentId ?? CREW_WIDE);
  const filtered = !!(filter.text || filter.kind || filter.agentId !== undefined);
  const exportFile = async () => {
    const file = await s.exportMemories().catch((e: Error) => {
      s.toast(`Could not export the memories: ${e.message}`, "error");
      return undefined;
    });
    if (file) downloadText(file.fileName, file.json);
    else if (file === null) s.toast("This crew has no memories to export yet");
  };
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    await s.importMemories(await file.text(), file.name);
    if (fileInput.current) fileInput.current.value = "";
  };

  return (
    <Dialog title="Memory" onClose={onClose} wide>
      {!crewId ? (
        <p>Memories belong to a saved crew: make a change so this crew is saved, then open Memory again.</p>
      ) : (
        <div className="memory">
          <div className="memory__bar">
            <input
              type="search"
              className="field__input memory__search"
              aria-label="Search memories"
              placeholder="Search memories"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            <select
              className="field__input"
              aria-label="Filter by kind"
              value={filter.kind ?? ""}
              onChange={(e) => void s.loadMemories({ kind: (e.target.value || undefined) as MemoryKind | undefined })}
            >
              <option value="">All kinds</option>
              {MEMORY_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABEL[k]}
                </option>
              ))}
            </select>
            <select
              className="field__input"
              aria-label="Filter by agent"
              value={agentValue}
              onChange={(e) =>
                void s.loadMemories({ agentId: e.target.value === ALL ? undefined : e.target.value === CREW_WIDE ? null : e.target.value })
              }
            >
              <option value={ALL}>All agents</option>
              <option value={CREW_WIDE}>Crew-wide</option>
              {agents.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.role || a.id}
                </option>
              ))}
            </select>
            <span className="memory__spacer" />
            <button type="button" className="button" onClick={() => void exportFile()}>
              Export
            </button>
            <label className="button">
              Import
              <input
                ref={fileInput}
                type="file"
                accept=".json,application/json"
                aria-label="Import memories"
                hidden
                onChange={(e) => void importFile(e.target.files?.[0])}
              />
            </label>
            <button
              type="button"
              className="button button--danger"
              disabled={memories.length === 0 && !filtered}
              onClick={() => setConfirmClear(true)}
            >
              Clear all
            </button>
          </div>
          {confirmClear && (
            <div className="memory__confirm" role="alertdialog" aria-label="Clear all memories">
              <span>Delete every memory of this crew? You can undo it from the message that follows.</span>
              <button
                type="button"
                className="button button--danger"
                onClick={() => {
                  setConfirmClear(false);
                  void s.clearMemories();
                }}
              >
                Delete all
              </button>
              <button type="button" className="button" onClick={() => setConfirmClear(false)}>
                Cancel
              </button>
            </div>
          )}
          {error && (
            <p className="memory__error" role="alert">
              Could not read the memories: {error}
            </p>
          )}
          {memories.length === 0 && !loading && !error ? (
            filtered ? (
              <p className="memory__empty">No memory matches.</p>
            ) : (
              <EmptyMemory memoryOn={memoryOn} onTurnOn={() => s.updateSettings({ memory: true })} />
            )
          ) : (
            <>
              <p className="memory__count" aria-live="polite">
                {plural(memories.length, "memory", "memories")}
                {filter.text ? ", best match first" : ", newest first"}
              </p>
              <ul className="memory__list" aria-label="Memories">
                {memories.map((m) => (
                  <MemoryItem
                    key={m.id}
                    memory={m}
                    agentName={agents.find((a) => a.id === m.agentId)?.role ?? m.agentId}
                    taskName={taskLabel(tasks, m.taskId)}
                  />
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </Dialog>
  );
}

function EmptyMemory({ memoryOn, onTurnOn }: { memoryOn: boolean; onTurnOn: () => void }) {
  return (
    <div className="memory__empty">
      <p>
        <strong>This crew remembers nothing yet.</strong>
      </p>
      {memoryOn ? (
        <p>
          Memory is on: the next run keeps what each task produced, the lessons from reviews, and the people, places and products named.
        </p>
      ) : (
        <>
          <p>
            With memory on, each run keeps what its tasks produced, lessons from reviews, and the people, places and products named, in this
            browser. Later tasks and later runs find them in their prompt under "What you remember". Nothing leaves the device and no API
            key is needed. Turn it on for the whole crew here or in the Crew tab, or for one agent in its form.
          </p>
          <button type="button" className="button button--primary" onClick={onTurnOn}>
            Turn memory on for this crew
          </button>
        </>
      )}
    </div>
  );
}

/** A task's name as the canvas shows it (its id when unnamed); undefined when the crew has no such task. */
function taskLabel(tasks: readonly { id: string; name: string }[], taskId: string | null | undefined): string | undefined {
  const task = taskId ? tasks.find((t) => t.id === taskId) : undefined;
  return task ? taskTitle(task) : undefined;
}
