import { useId, useState } from "react";
import { useAppStore } from "../../store";

/** Adds self-hosted weights (a model URL and its compiled model library) to the catalog on this device. */
export function CustomModelForm() {
  const store = useAppStore();
  const id = useId();
  const [modelId, setModelId] = useState("");
  const [modelUrl, setModelUrl] = useState("");
  const [libUrl, setLibUrl] = useState("");
  const [sizeMB, setSizeMB] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const add = () => {
    const size = Number(sizeMB);
    const result = store.getState().addCustomModel({
      id: modelId,
      modelUrl,
      libUrl,
      ...(sizeMB.trim() && Number.isFinite(size) && size > 0 ? { downloadMB: size } : {}),
    });
    setProblem(result);
    if (result) return;
    store.getState().toast(`Added ${modelId.trim()} to the in-browser models`, "success");
    setModelId("");
    setModelUrl("");
    setLibUrl("");
    setSizeMB("");
  };
  const field = (label: string, key: string, value: string, set: (v: string) => void, placeholder: string) => (
    <div className="field">
      <label className="field__label" htmlFor={`${id}-${key}`}>
        {label}
      </label>
      <input
        id={`${id}-${key}`}
        className="field__input"
        value={value}
        onChange={(e) => set(e.target.value)}
        placeholder={placeholder}
        spellCheck={false}
      />
    </div>
  );
  return (
    <form
      className="form local-models__custom"
      aria-label="Add a self-hosted model"
      onSubmit={(e) => {
        e.preventDefault();
        add();
      }}
    >
      <h4 className="panel-subtitle">Self-hosted model</h4>
      <p className="field__hint">Weights on your own network: an MLC model folder and its compiled WebGPU library (.wasm).</p>
      {field("Model id", "id", modelId, setModelId, "MyModel-3B-q4f32_1-MLC")}
      {field("Model URL", "url", modelUrl, setModelUrl, "https://nas.local/models/MyModel-3B-q4f32_1-MLC/")}
      {field("Model library URL", "lib", libUrl, setLibUrl, "https://nas.local/libs/MyModel-3B-q4f32_1-webgpu.wasm")}
      {field("Download size in MB (optional)", "size", sizeMB, setSizeMB, "1800")}
      {problem && (
        <p className="endpoints__test endpoints__test--error" role="alert">
          {problem}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button" disabled={!modelId.trim() || !modelUrl.trim() || !libUrl.trim()}>
          Add model
        </button>
      </div>
    </form>
  );
}
