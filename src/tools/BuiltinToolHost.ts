import { abortError, type ToolContext, type ToolHost, type ToolSpec } from "../engine/ports";
import { BUILTIN_TOOL_INFO, type Tool } from "../model";
import type { BuiltinTool, FetchLike, ToolEnv } from "./builtinTool";
import { calculatorTool } from "./calculator";
import { datetimeTool } from "./datetime";
import { readFileTool, writeFileTool } from "./fileTools";
import { httpGetTool } from "./httpGet";
import { searchKnowledgeTool } from "./searchKnowledge";

const BUILTINS: ReadonlyMap<string, BuiltinTool> = new Map(
  [calculatorTool, datetimeTool, httpGetTool, readFileTool, writeFileTool, searchKnowledgeTool].map((tool) => [tool.name, tool]),
);

/** Names of the built-in tools this host runs. */
export const builtinToolNames: readonly string[] = [...BUILTINS.keys()];

/** Side effects the host's tools use; both default to the real ones. */
export interface BuiltinToolHostOptions {
  fetch?: FetchLike;
  /** Milliseconds since the epoch, like Date.now(). */
  now?: () => number;
}

/** Runs the built-in tools (calculator, datetime, http_get, read_file, write_file, search_knowledge); custom and MCP tools are refused. */
export class BuiltinToolHost implements ToolHost {
  readonly #env: ToolEnv;

  constructor(options: BuiltinToolHostOptions = {}) {
    this.#env = {
      // Looked up at call time and called on globalThis: a detached window.fetch throws "Illegal invocation" in browsers.
      fetch: options.fetch ?? ((url, init) => globalThis.fetch(url, init)),
      now: options.now ?? (() => Date.now()),
    };
  }

  /** Whether this host can run the tool (a built-in with a known name). */
  /** The clock's answer changes by itself, so caching it would serve a stale time. */
  cacheable(tool: Tool): boolean {
    return !(tool.kind === "builtin" && tool.name === "datetime");
  }

  supports(tool: Tool): boolean {
    return tool.kind === "builtin" && BUILTINS.has(tool.name);
  }

  /** The model-facing name, description and JSON Schema; throws for tools this host cannot run or unusable config. */
  spec(tool: Tool): ToolSpec {
    const builtin = resolve(tool);
    builtin.checkConfig(tool.config);
    return {
      name: tool.name,
      description: tool.description.trim() || BUILTIN_TOOL_INFO[builtin.name]?.description || builtin.name,
      // A copy, so a caller that edits the schema (e.g. to add provider quirks) cannot change it for every later run.
      parameters: structuredClone(builtin.parameters),
    };
  }

  /** Validates the arguments against the tool's schema and runs it; the error message names the tool and the field. */
  async invoke(tool: Tool, args: unknown, context: ToolContext): Promise<string> {
    const builtin = resolve(tool);
    if (context.signal.aborted) throw abortError(context.signal);
    return builtin.run(args, tool.config, context, this.#env);
  }
}

function resolve(tool: Tool): BuiltinTool {
  if (tool.kind !== "builtin") throw new Error(`tool ${tool.id}: ${tool.kind === "mcp" ? "MCP" : tool.kind} tools are not supported yet`);
  const builtin = BUILTINS.get(tool.name);
  if (!builtin)
    throw new Error(`tool ${tool.id}: there is no built-in tool named '${tool.name}' (built-ins: ${builtinToolNames.join(", ")})`);
  return builtin;
}
