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
      <div className="console-filter">
        <label htmlFor={`${id}-task`} className="field__label">
          Task
        </label>
        <select
          id={`${id}-task`}
          className="field__input"
          value={filter.taskId ?? ""}
          onChange={(e) => onChange({ ...filter, taskId: e.target.value || null })}
        >
          <option value="">All tasks</option>
          {tasks.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      <div className="console-filter">
        <label htmlFor={`${id}-agent`} className="field__label">
          Agent
        </label>
        <select
          id={`${id}-agent`}
          className="field__input"
          value={filter.agentId ?? ""}
          onChange={(e) => onChange({ ...filter, agentId: e.target.value || null })}
        >
          <option value="">All agents</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </select>
      </div>
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
