import { SettingsSchema } from "../../model";
import { problemsOf, useApp, useAppStore } from "../../store";
import { CheckField, formatNumber, ParsedField, parseNumber, SelectField } from "../fields";
import { problemsAt } from "../problemsAt";
import "./memory.css";

/** The crew's memory settings: on or off, how much is recalled, the embedding model, and a way to the memory browser. */
export function MemorySettings() {
  const store = useAppStore();
  const crew = useApp((s) => s.crew);
  const { updateSettings, openDialog } = store.getState();
  const s = crew.settings;
  const shape = SettingsSchema.shape;
  const used = s.memory || crew.agents.some((a) => a.memory);
  return (
    <>
      <CheckField label="Memory" checked={s.memory} onChange={(memory) => updateSettings({ memory })} />
      {used && (
        <fieldset className="form__group memory-settings" aria-label="Memory settings">
          <div className="form__row">
            <ParsedField
              label="Memories per task"
              value={s.memoryLimit}
              schema={shape.memoryLimit}
              format={formatNumber}
              parse={parseNumber}
              onChange={(memoryLimit) => updateSettings({ memoryLimit })}
              inputMode="numeric"
              hint="At most this many memories go into a task's prompt."
            />
            <ParsedField
              label="Memory threshold"
              value={s.memoryThreshold}
              schema={shape.memoryThreshold}
              format={formatNumber}
              parse={parseNumber}
              onChange={(memoryThreshold) => updateSettings({ memoryThreshold })}
              inputMode="decimal"
              hint="0 to 1: memories scoring lower are left out."
            />
          </div>
          <SelectField
            label="Embedding model"
            value={s.embeddingLlm}
            empty="None: search by words, no network"
            options={crew.llms.filter((l) => l.provider !== "webllm").map((l) => ({ value: l.id, label: `${l.id} (${l.model})` }))}
            onChange={(embeddingLlm) => updateSettings({ embeddingLlm })}
            problems={problemsAt(problemsOf(crew), "settings", "embeddingLlm")}
            hint="A model config whose endpoint makes embeddings (/v1/embeddings), blended with word search."
          />
          <button type="button" className="button" onClick={() => openDialog({ kind: "memory" })}>
            Open memory…
          </button>
        </fieldset>
      )}
    </>
  );
}
