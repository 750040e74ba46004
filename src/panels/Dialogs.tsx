import { useState } from "react";
import { formatPath } from "../model";
import { TEMPLATES } from "../model/templates";
import { useApp, useAppStore } from "../store";
import { Dialog } from "./Dialog";
import { KnowledgeDialog } from "./knowledge/KnowledgeDialog";
import { MemoryDialog } from "./memories/MemoryDialog";
import { ModelsDialog } from "./models/ModelsDialog";
import { RunDialog } from "./RunDialog";

/** Whichever dialog the session has open. */
export function Dialogs() {
  const dialog = useApp((s) => s.dialog);
  const close = useAppStore().getState().openDialog.bind(null, null);
  if (!dialog) return null;
  if (dialog.kind === "templates") return <TemplateGallery onClose={close} />;
  if (dialog.kind === "paste-json") return <PasteJson onClose={close} />;
  if (dialog.kind === "shortcuts") return <Shortcuts onClose={close} />;
  if (dialog.kind === "run") return <RunDialog onClose={close} />;
  if (dialog.kind === "memory") return <MemoryDialog onClose={close} />;
  if (dialog.kind === "knowledge") return <KnowledgeDialog onClose={close} {...(dialog.agentId ? { agentId: dialog.agentId } : {})} />;
  if (dialog.kind === "endpoints")
    return <ModelsDialog onClose={close} {...(dialog.preset ? { preset: dialog.preset } : {})} tab={dialog.tab} />;
  return (
    <Dialog title="Import refused" onClose={close}>
      <p>
        <strong>{dialog.source}</strong> was not imported, and nothing changed. Fix these{" "}
        {dialog.problems.length === 1 ? "problem" : `${dialog.problems.length} problems`} and try again:
      </p>
      <ul className="problems problems--static" aria-label="Import problems">
        {dialog.problems.map((p) => (
          <li key={`${p.code}:${formatPath(p.path)}:${p.message}`}>
            <code className="problems__path">{formatPath(p.path)}</code> <span className="problems__message">{p.message}</span>
          </li>
        ))}
      </ul>
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={close}>
          OK
        </button>
      </div>
    </Dialog>
  );
}

function TemplateGallery({ onClose }: { onClose: () => void }) {
  const store = useAppStore();
  const use = (index: number) => {
    const template = TEMPLATES[index];
    if (!template) return;
    onClose();
    void store
      .getState()
      .createCrew(structuredClone(template.crew))
      .catch((e: Error) => store.getState().toast(e.message, "error"));
  };
  return (
    <Dialog title="Templates" onClose={onClose} wide>
      <ul className="gallery">
        {TEMPLATES.map((t, i) => (
          <li key={t.id} data-template={t.id}>
            <button type="button" className="gallery__card" onClick={() => use(i)} aria-label={`Use template ${t.title}`}>
              <strong>{t.title}</strong>
              <span>{t.summary}</span>
              <small>
                {t.crew.process} · {t.crew.agents.length} agents · {t.crew.tasks.length} tasks
              </small>
              <span className="gallery__tags">
                {t.tags.map((tag) => (
                  <span key={tag} className="badge">
                    {tag}
                  </span>
                ))}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

function PasteJson({ onClose }: { onClose: () => void }) {
  const store = useAppStore();
  const [text, setText] = useState("");
  const submit = () => {
    onClose();
    void store.getState().importCrewText(text, "Pasted JSON");
  };
  return (
    <Dialog title="Import crew from JSON" onClose={onClose}>
      <label className="field">
        <span className="field__label">Crew JSON</span>
        <textarea
          className="field__input field__input--code"
          rows={14}
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          placeholder='{"format": "crewdeck.crew", "version": 1, ...}'
        />
      </label>
      <div className="button-row">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button--primary" disabled={!text.trim()} onClick={submit}>
          Import
        </button>
      </div>
    </Dialog>
  );
}

const SHORTCUTS: [string, string][] = [
  ["Ctrl/⌘ Z", "Undo"],
  ["Shift Ctrl/⌘ Z, Ctrl Y", "Redo"],
  ["Ctrl/⌘ C / V", "Copy / paste nodes (also between crews)"],
  ["Ctrl/⌘ D", "Duplicate selection"],
  ["Ctrl/⌘ A", "Select all nodes"],
  ["Delete, Backspace", "Delete selection"],
  ["Shift 1", "Fit view"],
  ["Shift L", "Tidy up (auto-layout)"],
  ["Shift M", "Memory (what the crew remembers)"],
  ["Ctrl/⌘ S", "Save now"],
  ["Ctrl/⌘ E", "Export crew JSON"],
  ["Ctrl/⌘ Enter", "Run the crew"],
  ["F8", "Pause / resume the run"],
  ["Ctrl/⌘ .", "Stop the run"],
  ["?", "This help"],
];

function Shortcuts({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
