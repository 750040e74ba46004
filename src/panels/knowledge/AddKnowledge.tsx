import { type DragEvent, useRef, useState } from "react";
import { KNOWLEDGE_FILE_ACCEPT, knowledgeTypeOf } from "../../model";
import { type KnowledgeItem, useApp, useAppStore } from "../../store";

/** Adds knowledge: pick who it is for, then upload or drop files, or paste text under a name. */
export function AddKnowledge({ agentId: initialAgent }: { agentId?: string }) {
  const store = useAppStore();
  const agents = useApp((s) => s.crew.agents);
  const [agentId, setAgentId] = useState<string>(initialAgent ?? "");
  const [name, setName] = useState("");
  const [text, setText] = useState("");
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const owner = agentId && agents.some((a) => a.id === agentId) ? agentId : null;

  const add = (items: KnowledgeItem[]) => {
    if (items.length === 0) return;
    void store
      .getState()
      .addKnowledge(items)
      .catch((e: Error) => store.getState().toast(`Could not add knowledge: ${e.message}`, "error"));
  };
  const addFiles = async (files: readonly File[]) => {
    const refused = files.filter((f) => !knowledgeTypeOf(f.name));
    if (refused.length)
      store
        .getState()
        .toast(`Not added: ${refused.map((f) => f.name).join(", ")}. Knowledge can be .txt, .md, .csv, .json or .pdf files.`, "error");
    const items: KnowledgeItem[] = [];
    for (const file of files) {
      const type = knowledgeTypeOf(file.name);
      if (type) items.push({ name: file.name, type, data: new Uint8Array(await file.arrayBuffer()), agentId: owner });
    }
    add(items);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void addFiles([...e.dataTransfer.files]);
  };
  const pasteProblem = !name.trim() ? "Give the text a name, so answers can cite it." : !text.trim() ? "Paste or type the text." : null;

  return (
    <section className="knowledge__add" aria-label="Add knowledge">
      <label className="field knowledge__owner">
        <span className="field__label">For</span>
        <select className="field__input" value={owner ?? ""} onChange={(e) => setAgentId(e.target.value)} aria-label="Knowledge for">
          <option value="">The whole crew</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.role || a.id} only
            </option>
          ))}
        </select>
      </label>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target only; the Upload button next to it is the keyboard way in */}
      <div
        className={`knowledge__drop${dragging ? " knowledge__drop--over" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <span>Drop .txt, .md, .csv, .json or .pdf files here, or</span>
        <button type="button" className="button" onClick={() => fileInput.current?.click()}>
          Upload files…
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          accept={KNOWLEDGE_FILE_ACCEPT}
          aria-label="Upload knowledge files"
          className="visually-hidden"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = "";
            void addFiles(files);
          }}
        />
      </div>
      <details className="knowledge__paste">
        <summary>Paste text</summary>
        <label className="field">
          <span className="field__label">Source name</span>
          <input className="field__input" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Refund policy" />
        </label>
        <label className="field">
          <span className="field__label">Text</span>
          <textarea className="field__input" rows={6} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <div className="button-row">
          <span className="field__hint">{pasteProblem}</span>
          <button
            type="button"
            className="button button--primary"
            disabled={pasteProblem !== null}
            onClick={() => {
              add([{ name: name.trim(), type: "text", data: text, agentId: owner }]);
              setName("");
              setText("");
            }}
          >
            Add text
          </button>
        </div>
      </details>
    </section>
  );
}
