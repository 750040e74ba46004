import { useId } from "react";
import { CONSOLE_KINDS, type ConsoleFilter, type ConsoleKind } from "./consoleTypes";

const KIND_LABELS: Record<ConsoleKind, string> = { llm: "LLM calls", tool: "Tools", task: "Task steps", other: "Other" };

/** One choice of a filter select: an id and the name shown for it. */
export interface FilterOption {
  id: string;
  label: string;
}

/** The console's filters: a task, an agent, and which kinds of rows to show. */
export function ConsoleFilters({
  filter,
  tasks,
  agents,
  onChange,
}: {
  filter: ConsoleFilter;
  tasks: readonly FilterOption[];
  agents: readonly FilterOption[];
  onChange: (filter: ConsoleFilter) => void;
}) {
  const id = useId();
  const toggle = (kind: ConsoleKind, on: boolean) => {
    const kinds = new Set(filter.kinds);
    if (on) kinds.add(kind);
    else kinds.delete(kind);
    onChange({ ...filter, kinds });
  };
  return (
    <div className="console-filters">
      <FilterSelect
        id={`${id}-task`}
        label="Task"
        all="All tasks"
        value={filter.taskId}
        options={tasks}
        onChange={(taskId) => onChange({ ...filter, taskId })}
      />
      <FilterSelect
        id={`${id}-agent`}
        label="Agent"
        all="All agents"
        value={filter.agentId}
        options={agents}
        onChange={(agentId) => onChange({ ...filter, agentId })}
      />
      <fieldset className="console-kinds">
        <legend className="visually-hidden">Kinds</legend>
        {CONSOLE_KINDS.map((kind) => (
          <label key={kind} className={`console-kind console-kind--${kind}`}>
            <input type="checkbox" checked={filter.kinds.has(kind)} onChange={(e) => toggle(kind, e.target.checked)} />
            {KIND_LABELS[kind]}
          </label>
        ))}
      </fieldset>
    </div>
  );
}

function FilterSelect(props: {
  id: string;
  label: string;
  all: string;
  value: string | null;
  options: readonly FilterOption[];
  onChange: (value: string | null) => void;
}) {
  return (
    <div className="console-filter">
      <label htmlFor={props.id} className="field__label">
        {props.label}
      </label>
      <select id={props.id} className="field__input" value={props.value ?? ""} onChange={(e) => props.onChange(e.target.value || null)}>
        <option value="">{props.all}</option>
        {props.options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
