import { BUILTIN_TOOL_INFO, BUILTIN_TOOLS, type Tool, ToolSchema } from "../model";
import { problemsOf, useApp, useAppStore } from "../store";
import { formatJson, ParsedField, parseJson, SelectField, TextField } from "./fields";
import { problemsAt } from "./problemsAt";

/** Inspector form for one tool. */
export function ToolForm({ tool, index }: { tool: Tool; index: number }) {
  const store = useAppStore();
  const problems = problemsOf(useApp((s) => s.crew));
  const update = (patch: Partial<Tool>) => store.getState().updateTool(tool.id, patch);
  return (
    <form className="form" aria-label={`Tool ${tool.id}`} onSubmit={(e) => e.preventDefault()}>
      {tool.kind === "builtin" ? (
        <SelectField
          label="Built-in tool"
          value={tool.name}
          options={BUILTIN_TOOLS.map((name) => ({ value: name, label: BUILTIN_TOOL_INFO[name]?.label ?? name }))}
          onChange={(name) => name && update({ name, description: BUILTIN_TOOL_INFO[name]?.description ?? tool.description })}
          problems={problemsAt(problems, "tools", index, "name")}
        />
      ) : (
        <TextField
          label="Name"
          value={tool.name}
          onChange={(name) => update({ name })}
          problems={problemsAt(problems, "tools", index, "name")}
        />
      )}
      <TextField
        label="Description"
        value={tool.description}
        onChange={(description) => update({ description })}
        multiline
        hint="Agents read this to decide when to use the tool."
      />
      <ParsedField
        label="Config (JSON)"
        value={tool.config}
        schema={ToolSchema.shape.config}
        format={formatJson}
        parse={(t) => parseJson(t) ?? {}}
        onChange={(config) => update({ config: config ?? {} })}
        multiline
        hint="Never put API keys here: exports drop anything that looks like a secret."
      />
    </form>
  );
}
