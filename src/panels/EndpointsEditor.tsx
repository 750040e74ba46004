import { useId, useState } from "react";
import type { Endpoint } from "../model";
import { useApp, useAppStore } from "../store";
import { ENDPOINT_PRESETS, looksLikeCors, maskKey, presetOf } from "./endpointPresets";

/** The model endpoints kept on this device (keys stay here), with a form to add one and test it. */
export function EndpointsEditor({ preset }: { preset?: string } = {}) {
  const store = useAppStore();
  const endpoints = useApp((s) => s.endpoints);
  const defaultId = useApp((s) => s.defaultEndpoint);
  return (
    <section className="endpoints" aria-label="Model endpoints">
      {endpoints.length > 0 && (
        <ul className="endpoints__list">
          {endpoints.map((e) => (
            <li key={e.id} data-endpoint={e.name}>
              <label className="field--radio">
                <input
                  type="radio"
                  name="default-endpoint"
                  checked={defaultId === e.id}
                  onChange={() => store.getState().setDefaultEndpoint(e.id)}
                />
                <span>
                  <strong>{e.name}</strong> <small>{e.model}</small>
                  <br />
                  <code>{e.baseUrl}</code> · <span className="endpoints__key">{maskKey(e.apiKey)}</span>
                </span>
              </label>
              <button
                type="button"
                className="button button--small button--danger"
                aria-label={`Delete endpoint ${e.name}`}
                onClick={() => void store.getState().removeEndpoint(e.id)}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <EndpointForm key={preset} first={endpoints.length === 0} initialPreset={preset ?? "ollama"} />
    </section>
  );
}

function EndpointForm({ first, initialPreset }: { first: boolean; initialPreset: string }) {
  const store = useAppStore();
  const id = useId();
  const [preset, setPreset] = useState(initialPreset);
  const [baseUrl, setBaseUrl] = useState(presetOf(initialPreset).baseUrl);
  const [model, setModel] = useState(presetOf(initialPreset).model);
  const [apiKey, setApiKey] = useState("");
  const [test, setTest] = useState<{ state: "idle" | "testing" | "ok" | "error"; text: string }>({ state: "idle", text: "" });
  const choose = (next: string) => {
    const p = presetOf(next);
    setPreset(next);
    setBaseUrl(p.baseUrl);
    setModel(p.model);
    setTest({ state: "idle", text: "" });
  };
  const runTest = async () => {
    setTest({ state: "testing", text: "Asking the endpoint for its models…" });
    try {
      const models = await store.getState().testEndpoint({ baseUrl, apiKey });
      setTest({
        state: "ok",
        text: models.length
          ? `Connected. Models: ${models.slice(0, 12).join(", ")}${models.length > 12 ? ` and ${models.length - 12} more` : ""}`
          : "Connected, but the endpoint lists no models.",
      });
      if (!model && models[0]) setModel(models[0]);
    } catch (error) {
      const message = (error as Error).message;
      setTest({ state: "error", text: looksLikeCors(message) ? `${message}\nHow to fix: ${presetOf(preset).corsFix}` : message });
    }
  };
  const save = async () => {
    const endpoint: Endpoint = {
      id: `ep-${Date.now().toString(36)}`,
      preset,
      name: presetOf(preset).name,
      baseUrl: baseUrl.trim(),
      model: model.trim(),
      apiKey: apiKey.trim(),
      createdAt: Date.now(),
    };
    await store.getState().saveEndpoint(endpoint);
    store.getState().toast(`Saved ${endpoint.name} on this device`, "success");
    setApiKey("");
    setTest({ state: "idle", text: "" });
  };
  const valid = /^https?:\/\/\S+$/.test(baseUrl.trim()) && model.trim() !== "";
  return (
    <form className="form endpoints__form" aria-label="Add an endpoint" onSubmit={(e) => e.preventDefault()}>
      <h3 className="panel-subtitle">{first ? "Connect a model" : "Add another endpoint"}</h3>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-preset`}>
          Service
        </label>
        <select id={`${id}-preset`} className="field__input" value={preset} onChange={(e) => choose(e.target.value)}>
          {ENDPOINT_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-url`}>
          Base URL
        </label>
        <input id={`${id}-url`} className="field__input" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} spellCheck={false} />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-model`}>
          Model
        </label>
        <input id={`${id}-model`} className="field__input" value={model} onChange={(e) => setModel(e.target.value)} spellCheck={false} />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-key`}>
          API key
        </label>
        <input
          id={`${id}-key`}
          className="field__input"
          type="password"
          autoComplete="off"
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          placeholder={presetOf(preset).needsKey ? "required" : "not needed for local servers"}
        />
        <p className="field__hint">Kept only in this browser; never written to a crew file, a run log or an export.</p>
      </div>
      {test.state !== "idle" && (
        <p className={`endpoints__test endpoints__test--${test.state}`} role="status">
          {test.text}
        </p>
      )}
      <div className="button-row">
        <button type="button" className="button" onClick={() => void runTest()} disabled={!valid || test.state === "testing"}>
          Test connection
        </button>
        <button type="button" className="button button--primary" onClick={() => void save()} disabled={!valid}>
          Save endpoint
        </button>
      </div>
    </form>
  );
}
