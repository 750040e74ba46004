import { type Agent, AgentSchema } from "../model";
import { problemsOf, useApp, useAppStore } from "../store";
import { CheckField, formatNumber, MultiCheck, ParsedField, parseNumber, SelectField, TextField } from "./fields";
import { problemsAt } from "./problemsAt";

/** Inspector form for one agent. */
export function AgentForm({ agent, index }: { agent: Agent; index: number }) {
  const store = useAppStore();
  const crew = useApp((s) => s.crew);
  const problems = problemsOf(crew);
  const at = (field: string) => problemsAt(problems, "agents", index, field);
  const update = (patch: Partial<Agent>) => store.getState().updateAgent(agent.id, patch);
  const shape = AgentSchema.shape;
  return (
    <form className="form" aria-label={`Agent ${agent.id}`} onSubmit={(e) => e.preventDefault()}>
      <TextField
        label="Role"
        value={agent.role}
        onChange={(role) => update({ role })}
        problems={at("role")}
        placeholder="e.g. Senior research analyst"
      />
      <TextField
        label="Goal"
        value={agent.goal}
        onChange={(goal) => update({ goal })}
        problems={at("goal")}
        multiline
        rows={2}
        placeholder="What this agent is trying to achieve; {placeholders} allowed"
      />
      <TextField
        label="Backstory"
        value={agent.backstory}
        onChange={(backstory) => update({ backstory })}
        problems={at("backstory")}
        multiline
        rows={4}
        placeholder="Who they are and how they work"
      />
      <SelectField
        label="Model"
        value={agent.llm}
        empty={crew.defaultLlm ? `Crew default (${crew.defaultLlm})` : "Crew default"}
        options={crew.llms.map((l) => ({ value: l.id, label: `${l.id} · ${l.model}` }))}
        onChange={(llm) => update({ llm })}
        problems={at("llm")}
        hint={crew.llms.length === 0 ? "Add model configs in the Crew panel to pick one per agent." : undefined}
      />
      <MultiCheck
        legend="Tools"
        value={agent.tools}
        options={crew.tools.map((t) => ({ value: t.id, label: `${t.name} (${t.id})` }))}
        onChange={(tools) => update({ tools })}
        empty="No tools in this crew yet: drag one from the palette."
      />
      <CheckField
        label="Allow delegation"
        checked={agent.allowDelegation}
        onChange={(allowDelegation) => update({ allowDelegation })}
        hint="Lets this agent hand work or questions to the other agents."
      />
      <CheckField label="Memory" checked={agent.memory} onChange={(memory) => update({ memory })} />
      <div className="form__row">
        <ParsedField
          label="Max iterations"
          value={agent.maxIter}
          schema={shape.maxIter}
          format={formatNumber}
          parse={parseNumber}
          onChange={(v) => update({ maxIter: v ?? 25 })}
          inputMode="numeric"
        />
        <ParsedField
          label="Max requests / min"
          value={agent.maxRpm}
          schema={shape.maxRpm}
          format={formatNumber}
          parse={parseNumber}
          onChange={(maxRpm) => update({ maxRpm })}
          inputMode="numeric"
          placeholder="no limit"
        />
        <ParsedField
          label="Time limit (s)"
          value={agent.maxExecutionTime}
          schema={shape.maxExecutionTime}
          format={formatNumber}
          parse={parseNumber}
          onChange={(maxExecutionTime) => update({ maxExecutionTime })}
          inputMode="decimal"
          placeholder="none"
        />
      </div>
      {crew.process === "environment" && (
        <MultiCheck
          legend="Watches (reacts to messages from)"
          value={agent.watch}
          options={[
            ...crew.agents.filter((a) => a.id !== agent.id).map((a) => ({ value: a.id, label: `agent ${a.role || a.id}` })),
            ...crew.tasks.map((t) => ({ value: t.id, label: `task ${t.name || t.id}` })),
          ]}
          onChange={(watch) => update({ watch })}
          empty="Add other agents to watch."
        />
      )}
      {crew.process === "environment" && (
        <MultiCheck
          legend="Addresses messages to (none ticked: everyone)"
          value={agent.sendTo}
          options={crew.agents.filter((a) => a.id !== agent.id).map((a) => ({ value: a.id, label: `agent ${a.role || a.id}` }))}
          onChange={(sendTo) => update({ sendTo })}
          empty="Add other agents to address."
        />
      )}
    </form>
  );
}
