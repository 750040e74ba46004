import { type LlmConfig, LlmConfigSchema, uniqueId } from "../model";
import { matchEndpoint, useApp, useAppStore } from "../store";
import { formatNumber, ParsedField, parseNumber, SelectField } from "./fields";
import { LocalModelPicker } from "./models/LocalModelPicker";

const text = { format: (v: string | undefined) => v ?? "", parse: (t: string) => (t.trim() === "" ? undefined : t.trim()) };

/** Named model configs of the crew (no keys: those stay on the device). */
export function LlmConfigs() {
  const store = useAppStore();
  const crew = useApp((s) => s.crew);
  const endpoints = useApp((s) => s.endpoints);
  const { updateCrew, applyCrew } = store.getState();
  const put = (id: string, patch: Partial<LlmConfig>) => updateCrew({ llms: crew.llms.map((l) => (l.id === id ? { ...l, ...patch } : l)) });
  const add = (from?: { baseUrl: string; model: string }) => {
    const id = uniqueId(new Set(crew.llms.map((l) => l.id)), "llm");
    const llm: LlmConfig = {
      id,
      provider: "openai-compatible",
      baseUrl: from?.baseUrl ?? "http://localhost:11434/v1",
      model: from?.model || "llama3.2",
      temperature: 0.7,
    };
    updateCrew({ llms: [...crew.llms, llm], ...(crew.defaultLlm ? {} : { defaultLlm: id }) });
  };
  const remove = (id: string) => {
    // Agents and the manager that used this config fall back to the crew default.
    const settings = { ...crew.settings };
    if (settings.managerLlm === id) delete settings.managerLlm;
    applyCrew({
      ...crew,
      llms: crew.llms.filter((l) => l.id !== id),
      agents: crew.agents.map((a) => (a.llm === id ? (({ llm: _gone, ...rest }) => rest)(a) : a)),
      settings,
      ...(crew.defaultLlm === id ? { defaultLlm: undefined } : {}),
    });
  };
  return (
    <section aria-label="Model configs">
      <h3 className="panel-subtitle">Models</h3>
      <p className="field__hint">Endpoints and model names only: API keys are kept on this device, never in the crew file.</p>
      {crew.llms.map((llm) => (
        <fieldset key={llm.id} className="llm-card">
          <legend>
            <code>{llm.id}</code>
            {crew.defaultLlm === llm.id && <span className="badge">default</span>}
          </legend>
          <SelectField
            label="Provider"
            value={llm.provider}
            options={[
              { value: "openai-compatible", label: "OpenAI-compatible API" },
              { value: "webllm", label: "In-browser (WebLLM)" },
            ]}
            onChange={(provider) => put(llm.id, { provider: (provider ?? "openai-compatible") as LlmConfig["provider"] })}
          />
          {llm.provider === "openai-compatible" && (
            <ParsedField
              label="Base URL"
              value={llm.baseUrl}
              schema={LlmConfigSchema.shape.baseUrl}
              {...text}
              onChange={(baseUrl) => put(llm.id, { baseUrl })}
              hint={keyHint(llm.baseUrl, endpoints)}
            />
          )}
          {llm.provider === "webllm" ? (
            <LocalModelPicker value={llm.model} onChange={(model) => put(llm.id, { model })} />
          ) : (
            <ParsedField
              label="Model"
              value={llm.model}
              schema={LlmConfigSchema.shape.model}
              format={text.format}
              parse={(t) => t.trim()}
              onChange={(model) => model && put(llm.id, { model })}
            />
          )}
          <ParsedField
            label="Temperature"
            value={llm.temperature}
            schema={LlmConfigSchema.shape.temperature}
            format={formatNumber}
            parse={parseNumber}
            onChange={(temperature) => put(llm.id, { temperature })}
            inputMode="decimal"
          />
          <div className="button-row">
            {crew.defaultLlm !== llm.id && (
              <button type="button" className="button button--small" onClick={() => updateCrew({ defaultLlm: llm.id })}>
                Make default
              </button>
            )}
            <button
              type="button"
              className="button button--small button--danger"
              onClick={() => remove(llm.id)}
              aria-label={`Remove model config ${llm.id}`}
            >
              Remove
            </button>
          </div>
        </fieldset>
      ))}
      <div className="button-row">
        <button type="button" className="button" onClick={() => add()}>
          + Add model config
        </button>
        {endpoints.length > 0 && (
          <select
            className="field__input"
            aria-label="Add a model config from a saved endpoint"
            value=""
            onChange={(e) => {
              const endpoint = endpoints.find((x) => x.id === e.target.value);
              if (endpoint) add(endpoint);
            }}
          >
            <option value="">+ From a saved endpoint…</option>
            {endpoints.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name} · {e.model}
              </option>
            ))}
          </select>
        )}
      </div>
    </section>
  );
}

function keyHint(baseUrl: string | undefined, endpoints: Parameters<typeof matchEndpoint>[1]): string {
  const endpoint = matchEndpoint(baseUrl, endpoints);
  if (endpoint) return `Runs use the key of your saved endpoint “${endpoint.name}” on this device.`;
  return "No saved endpoint has this base URL: requests go without a key (fine for local servers). Add one under Models.";
}
