import { type Crew, CrewSchema, findPlaceholders, SettingsSchema } from "../model";
import { problemsOf, useApp, useAppStore } from "../store";
import { CheckField, formatNumber, ParsedField, parseNumber, SelectField, TextField } from "./fields";
import { LlmConfigs } from "./LlmConfigs";
import { MemorySettings } from "./memories/MemorySettings";
import { problemsAt } from "./problemsAt";

const PROCESS_HINT: Record<Crew["process"], string> = {
  sequential: "Tasks run in list order; async neighbours run together.",
  hierarchical: "A manager agent hands each task to the best worker.",
  environment: "Agents react, round by round, to messages from those they watch.",
};

/** Crew-level editing: name, process, inputs, settings and model configs. */
export function CrewSettings() {
  const store = useAppStore();
  const crew = useApp((s) => s.crew);
  const problems = problemsOf(crew);
  const { updateCrew, updateSettings } = store.getState();
  const s = crew.settings;
  const shape = SettingsSchema.shape;
  const num = (key: "concurrency" | "maxRpm" | "maxRounds" | "tokenBudget" | "delegationDepth", label: string, placeholder?: string) => (
    <ParsedField
      label={label}
      value={s[key]}
      schema={shape[key]}
      format={formatNumber}
      parse={parseNumber}
      onChange={(v) => updateSettings({ [key]: v })}
      inputMode="numeric"
      placeholder={placeholder}
    />
  );
  return (
    <section className="form" aria-label="Crew settings">
      <ParsedField
        label="Crew name"
        value={crew.name}
        schema={CrewSchema.shape.name}
        format={(v) => v ?? ""}
        parse={(t) => t}
        onChange={(name) => name && updateCrew({ name })}
        problems={problemsAt(problems, "name")}
      />
      <TextField label="Description" value={crew.description} onChange={(description) => updateCrew({ description })} multiline rows={2} />
      <SelectField
        label="Process"
        value={crew.process}
        options={[
          { value: "sequential", label: "Sequential" },
          { value: "hierarchical", label: "Hierarchical (manager)" },
          { value: "environment", label: "Environment (rounds)" },
        ]}
        onChange={(process) => updateCrew({ process: (process ?? "sequential") as Crew["process"] })}
        hint={PROCESS_HINT[crew.process]}
      />
      <InputsEditor />
      <h3 className="panel-subtitle">Settings</h3>
      <div className="form__row">
        {num("concurrency", "Parallel requests")}
        {num("maxRpm", "Max requests / min", "no limit")}
        {num("tokenBudget", "Token budget", "none")}
        <ParsedField
          label="Cost budget (US$)"
          value={s.costBudget}
          schema={shape.costBudget}
          format={formatNumber}
          parse={parseNumber}
          onChange={(costBudget) => updateSettings({ costBudget })}
          inputMode="decimal"
          placeholder="none"
        />
      </div>
      <CheckField label="Cache tool results" checked={s.cache} onChange={(cache) => updateSettings({ cache })} />
      <MemorySettings />
      <CheckField label="Plan before running" checked={s.planning} onChange={(planning) => updateSettings({ planning })} />
      {s.planning && (
        <SelectField
          label="Planner model"
          value={s.planningLlm}
          empty="Crew default"
          options={crew.llms.map((l) => ({ value: l.id, label: l.id }))}
          onChange={(planningLlm) => updateSettings({ planningLlm })}
          problems={problemsAt(problems, "settings", "planningLlm")}
        />
      )}
      <CheckField
        label="Start tasks as soon as their context is ready"
        checked={s.dagScheduling}
        onChange={(dagScheduling) => updateSettings({ dagScheduling })}
      />
      {crew.process === "hierarchical" && (
        <>
          <SelectField
            label="Manager agent"
            value={s.managerAgent}
            empty="Generated manager"
            options={crew.agents.map((a) => ({ value: a.id, label: a.role || a.id }))}
            onChange={(managerAgent) => updateSettings({ managerAgent })}
            problems={problemsAt(problems, "settings", "managerAgent")}
          />
          <SelectField
            label="Manager model"
            value={s.managerLlm}
            empty="Crew default"
            options={crew.llms.map((l) => ({ value: l.id, label: l.id }))}
            onChange={(managerLlm) => updateSettings({ managerLlm })}
          />
        </>
      )}
      {(crew.process === "hierarchical" || crew.agents.some((a) => a.allowDelegation)) && num("delegationDepth", "Delegation depth")}
      {crew.process === "environment" && num("maxRounds", "Max rounds")}
      <LlmConfigs />
    </section>
  );
}

function InputsEditor() {
  const store = useAppStore();
  const crew = useApp((s) => s.crew);
  const used = findPlaceholders(crew);
  const entries = Object.entries(crew.inputs);
  const missing = used.filter((name) => !(name in crew.inputs));
  const set = (inputs: Record<string, string>) => store.getState().updateCrew({ inputs });
  const rename = (from: string, to: string) => set(Object.fromEntries(entries.map(([k, v]) => (k === from ? [to, v] : [k, v]))));
  return (
    <fieldset className="field field--multi">
      <legend className="field__label">Inputs (default values for {"{placeholders}"})</legend>
      {entries.length === 0 && used.length === 0 && (
        <p className="field__hint">Write {"{topic}"} in a goal or description to ask for an input at run time.</p>
      )}
      {entries.map(([key, value], i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the name is being edited, so only the position is stable
        <div className="input-row" key={i}>
          <input
            aria-label={`Input name ${i + 1}`}
            className="field__input"
            value={key}
            onChange={(e) => /^[A-Za-z_][A-Za-z0-9_-]*$/.test(e.target.value) && rename(key, e.target.value)}
          />
          <input
            aria-label={`Value of ${key}`}
            className="field__input"
            value={value}
            onChange={(e) => set({ ...crew.inputs, [key]: e.target.value })}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove input ${key}`}
            onClick={() => set(Object.fromEntries(entries.filter(([k]) => k !== key)))}
          >
            ×
          </button>
        </div>
      ))}
      {missing.map((name) => (
        <button type="button" key={name} className="button button--small" onClick={() => set({ ...crew.inputs, [name]: "" })}>
          + Add {`{${name}}`}
        </button>
      ))}
    </fieldset>
  );
}
