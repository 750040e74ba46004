import { z } from "zod";
import { type Condition, GuardrailSchema, type Task, TaskSchema } from "../model";
import { problemsOf, useApp, useAppStore } from "../store";
import {
  CheckField,
  FieldProblems,
  formatJson,
  formatNumber,
  MultiCheck,
  ParsedField,
  parseJson,
  parseNumber,
  SelectField,
  TextField,
} from "./fields";
import { problemsAt } from "./problemsAt";

type ContextMode = "all" | "none" | "chosen";

/** Inspector form for one task. */
export function TaskForm({ task, index }: { task: Task; index: number }) {
  const store = useAppStore();
  const crew = useApp((s) => s.crew);
  const problems = problemsOf(crew);
  const at = (...path: (string | number)[]) => problemsAt(problems, "tasks", index, ...path);
  const update = (patch: Record<string, unknown>) => store.getState().updateTask(task.id, patch);
  const earlier = crew.tasks.slice(0, index);
  const mode: ContextMode = task.context === undefined ? "all" : task.context.length === 0 ? "none" : "chosen";
  const setMode = (next: ContextMode) =>
    update({ context: next === "all" ? undefined : next === "none" ? [] : earlier.slice(-1).map((t) => t.id) });
  return (
    <form className="form" aria-label={`Task ${task.id}`} onSubmit={(e) => e.preventDefault()}>
      <TextField label="Name" value={task.name} onChange={(name) => update({ name })} placeholder="Short name shown on the canvas" />
      <TextField
        label="Description"
        value={task.description}
        onChange={(description) => update({ description })}
        problems={at("description")}
        multiline
        rows={4}
        placeholder="What to do; {placeholders} are filled from the run inputs"
      />
      <TextField
        label="Expected output"
        value={task.expectedOutput}
        onChange={(expectedOutput) => update({ expectedOutput })}
        problems={at("expectedOutput")}
        multiline
        rows={2}
        placeholder="What a finished answer looks like"
      />
      <SelectField
        label="Agent"
        value={task.agent}
        empty={crew.process === "hierarchical" ? "Manager decides" : "— choose an agent —"}
        options={crew.agents.map((a) => ({ value: a.id, label: a.role.trim() || a.id }))}
        onChange={(agent) => update({ agent })}
        problems={at("agent")}
      />
      <fieldset className="field field--multi">
        <legend className="field__label">Context (which earlier outputs this task reads)</legend>
        {(["all", "none", "chosen"] as const).map((m) => (
          <label key={m} className="field--radio">
            <input
              type="radio"
              name={`ctx-${task.id}`}
              checked={mode === m}
              onChange={() => setMode(m)}
              disabled={m === "chosen" && earlier.length === 0}
            />
            {{ all: "All earlier tasks (default)", none: "None", chosen: "Only these tasks" }[m]}
          </label>
        ))}
        {mode === "chosen" && (
          <MultiCheck
            legend="Tasks"
            value={task.context ?? []}
            options={earlier.map((t, i) => ({ value: t.id, label: `#${i + 1} ${t.name || t.id}` }))}
            onChange={(context) => update({ context })}
            empty=""
          />
        )}
        <FieldProblems id={`ctx-${task.id}-p`} problems={at("context")} />
      </fieldset>
      <CheckField
        label="Async (runs in parallel with neighbouring async tasks)"
        checked={task.async}
        onChange={(v) => update({ async: v })}
      />
      <MultiCheck
        legend="Tools for this task (replace the agent's)"
        value={task.tools}
        options={crew.tools.map((t) => ({ value: t.id, label: `${t.name} (${t.id})` }))}
        onChange={(tools) => update({ tools })}
        empty="No tools in this crew."
      />
      <CheckField label="Human review before finishing" checked={task.humanInput} onChange={(humanInput) => update({ humanInput })} />
      <TextField
        label="Output file"
        value={task.outputFile ?? ""}
        onChange={(v) => update({ outputFile: v.trim() ? v : undefined })}
        placeholder="e.g. report.md (in the run's files)"
      />
      <ParsedField
        label="Output schema (JSON Schema)"
        value={task.outputSchema}
        schema={TaskSchema.shape.outputSchema}
        format={formatJson}
        parse={parseJson}
        onChange={(outputSchema) => update({ outputSchema })}
        problems={at("outputSchema")}
        multiline
        placeholder='{"type": "object", "properties": {"average": {"type": "number"}}}'
      />
      <TextField
        label="Guardrail"
        value={task.guardrail?.rule ?? ""}
        onChange={(rule) => update({ guardrail: rule.trim() ? { rule, maxRetries: task.guardrail?.maxRetries ?? 3 } : undefined })}
        multiline
        rows={2}
        placeholder="A rule the output must meet, e.g. 'cites at least two sources'"
      />
      {task.guardrail && (
        <ParsedField
          label="Guardrail retries"
          value={task.guardrail.maxRetries}
          schema={GuardrailSchema.shape.maxRetries}
          format={formatNumber}
          parse={parseNumber}
          onChange={(maxRetries) => task.guardrail && update({ guardrail: { ...task.guardrail, maxRetries: maxRetries ?? 3 } })}
          inputMode="numeric"
        />
      )}
      <ConditionFields condition={task.condition} onChange={(condition) => update({ condition })} problems={at("condition")} />
    </form>
  );
}

function ConditionFields({
  condition,
  onChange,
  problems,
}: {
  condition: Condition | undefined;
  onChange: (c: Condition | undefined) => void;
  problems: ReturnType<typeof problemsAt>;
}) {
  return (
    <>
      <SelectField
        label="Condition"
        value={condition?.type}
        empty="Always runs"
        options={[
          { value: "rule", label: "Runs if a rule holds for the previous output" },
          { value: "jsonPath", label: "Runs if a JSON path test passes" },
        ]}
        onChange={(type) =>
          onChange(type === "rule" ? { type, rule: "" } : type === "jsonPath" ? { type, path: "$.", op: "truthy" } : undefined)
        }
        problems={problems}
      />
      {condition?.type === "rule" && (
        <TextField
          label="Condition rule"
          value={condition.rule}
          onChange={(rule) => onChange({ ...condition, rule })}
          placeholder="e.g. the analysis found at least one risk"
        />
      )}
      {condition?.type === "jsonPath" && (
        <div className="form__row">
          <TextField label="JSON path" value={condition.path} onChange={(path) => onChange({ ...condition, path })} />
          <SelectField
            label="Test"
            value={condition.op}
            options={["truthy", "exists", "equals", "notEquals"].map((v) => ({ value: v, label: v }))}
            onChange={(op) => onChange({ ...condition, op: (op ?? "truthy") as typeof condition.op })}
          />
          {(condition.op === "equals" || condition.op === "notEquals") && (
            <ParsedField
              label="Value"
              value={condition.value}
              schema={z.unknown()}
              format={(v) => (v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v))}
              parse={jsonOrText}
              onChange={(value) => onChange({ ...condition, value })}
              placeholder="e.g. true, 3 or high"
            />
          )}
        </div>
      )}
    </>
  );
}

/** Reads a typed value as JSON when it is JSON (true, 3, "x"), otherwise as plain text. */
function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
