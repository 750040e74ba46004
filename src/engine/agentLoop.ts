import type { Tool } from "../model";
import { type CallEnv, type Caller, callModel } from "./modelCall";
import { type ChatMessage, type ChatRequest, LlmError, type LlmProvider, type ToolContext, type ToolHost, type ToolSpec } from "./ports";
import { FORCE_FINAL, formatReminder, openingMessages, type PromptParts } from "./prompts";
import { canonicalJson, matchToolName, parseLooseJson, parseReact } from "./react";
import type { ToolCache } from "./toolCache";

/** Remembers, per provider, that it refused native tool calls, so later tasks go straight to the text protocol. */
export class ProtocolMemo {
  private readonly textOnly = new WeakSet<LlmProvider>();
  /** True when the provider has refused native tools before. */
  prefersText(provider: LlmProvider): boolean {
    return this.textOnly.has(provider);
  }
  /** Records a refusal. */
  markTextOnly(provider: LlmProvider): void {
    this.textOnly.add(provider);
  }
}

/** Everything one agent needs to work on one task attempt. */
export interface AgentRun {
  env: CallEnv;
  caller: Caller & { taskId: string };
  provider: LlmProvider;
  model: string;
  options: Pick<ChatRequest, "temperature" | "maxTokens" | "topP">;
  /** false forces the text protocol for this model (its config's nativeTools). */
  nativeTools: boolean;
  parts: PromptParts;
  tools: Tool[];
  host: ToolHost;
  toolContext: ToolContext;
  cache: ToolCache | null;
  maxIter: number;
  signal: AbortSignal;
  responseFormat?: ChatRequest["responseFormat"];
  protocol: ProtocolMemo;
  /** Tools the engine answers itself (delegation to coworkers), offered next to the crew's tools. */
  engineTools?: EngineTools;
  /** Sent once when the agent answers before using any tool (a manager that must delegate is told so). */
  actFirst?: string;
}

/** Tools answered by the engine rather than the tool host (delegation); see delegation.ts. */
export interface EngineTools {
  specs: ToolSpec[];
  /**
   * Runs one call; `output` is the observation, and `error` says why it failed (a failure is never remembered as
   * "already used"). `toolCallId` is the id of the call's tool.started event. Throws only to stop the run.
   */
  invoke(name: string, args: Record<string, unknown>, toolCallId: string): Promise<{ output: string; error?: string }>;
  /** Tool names that are not offered and, when the model names one anyway, get `reason` as the observation. */
  refused?: { names: string[]; reason: string };
}

type Toolbox = { specs: ToolSpec[]; byName: Map<string, Tool | "engine"> };

/** Where this loop's events nest: the delegation it runs inside, else its task. */
function parentOf(run: AgentRun): string {
  return run.caller.parentId ?? run.caller.taskId;
}

/** Runs the agent loop until it has a final answer; it always ends: at maxIter the model is asked once for its best answer. */
export async function runAgent(run: AgentRun): Promise<string> {
  if (run.tools.length === 0 && !run.engineTools?.specs.length) {
    const response = await ask(run, openingMessages(run.parts), run.responseFormat ? { responseFormat: run.responseFormat } : {});
    return response.content.trim();
  }
  const toolbox = buildToolbox(run);
  if (run.nativeTools && !run.protocol.prefersText(run.provider)) {
    try {
      return await nativeLoop(run, toolbox);
    } catch (error) {
      if (!(error instanceof LlmError && error.kind === "tools_unsupported")) throw error;
      run.protocol.markTextOnly(run.provider);
      run.env.log.emit({ type: "llm.fallback", callId: run.caller.taskId, reason: error.message }, parentOf(run));
    }
  }
  return reactLoop(run, toolbox);
}

function ask(run: AgentRun, messages: ChatMessage[], extra: Partial<ChatRequest> = {}) {
  // Object.assign, not spreads (slow in Node 20), and no `delete` of an unset key, which made the request a slow
  // dictionary-mode object: this runs for every model call.
  const request: ChatRequest = Object.assign({ model: run.model, messages, signal: run.signal }, run.options, extra);
  return callModel(run.env, run.caller, run.provider, request);
}

function buildToolbox(run: AgentRun): Toolbox {
  const byName = new Map<string, Tool | "engine">();
  const specs: ToolSpec[] = [];
  for (const spec of run.engineTools?.specs ?? []) {
    byName.set(spec.name, "engine");
    specs.push(spec);
  }
  for (const tool of run.tools) {
    const spec = run.host.spec(tool);
    // Two tools of the same kind (two HTTP tools with different configs) still need distinct names for the model.
    let name = spec.name;
    for (let n = 2; byName.has(name); n++) name = `${spec.name}_${n}`;
    byName.set(name, tool);
    specs.push({ ...spec, name });
  }
  return { specs, byName };
}

async function nativeLoop(run: AgentRun, toolbox: Toolbox): Promise<string> {
  const messages = openingMessages(run.parts);
  const used = new Map<string, string>();
  let remind = run.actFirst;
  for (let iteration = 1; iteration <= run.maxIter; iteration++) {
    const response = await ask(run, messages, { tools: toolbox.specs });
    if (response.toolCalls.length === 0) {
      if (!remind) return response.content.trim();
      messages.push({ role: "assistant", content: response.content }, { role: "user", content: remind });
      remind = undefined;
      continue;
    }
    remind = undefined;
    messages.push({ role: "assistant", content: response.content, toolCalls: response.toolCalls });
    // The same call twice in one reply runs once; the copy waits for the first and is told so.
    const inBatch = new Map<string, Promise<string>>();
    const results = await Promise.all(
      response.toolCalls.map((call) => {
        const args = parseLooseJson(call.arguments || "{}");
        const batchKey = `${call.name}:${canonicalJson(args)}`;
        const twin = inBatch.get(batchKey);
        if (twin) return twin.then((result) => `This is the same call as another one in this turn; its result: ${result}`);
        run.env.log.emit(
          {
            type: "agent.step",
            taskId: run.caller.taskId,
            agentId: run.caller.agentId ?? null,
            iteration,
            ...(response.content ? { thought: response.content } : {}),
            action: { tool: call.name, input: args },
          },
          parentOf(run),
        );
        const result = invokeTool(run, toolbox, used, call.name, args, call.arguments);
        inBatch.set(batchKey, result);
        return result;
      }),
    );
    response.toolCalls.forEach((call, i) => {
      messages.push({ role: "tool", toolCallId: call.id, content: results[i] ?? "" });
    });
  }
  return forceFinal(run, messages, false);
}

async function reactLoop(run: AgentRun, toolbox: Toolbox): Promise<string> {
  const messages = openingMessages({ ...run.parts, reactTools: toolbox.specs });
  const turn: Partial<ChatRequest> = { stop: ["\nObservation:"], textProtocol: { tools: [...toolbox.byName.keys()] } };
  const used = new Map<string, string>();
  let unreadable = 0;
  let remind = run.actFirst;
  for (let iteration = 1; iteration <= run.maxIter; iteration++) {
    const response = await ask(run, messages, turn);
    const step = parseReact(response.content);
    const agentId = run.caller.agentId ?? null;
    if (step.kind === "final") {
      run.env.log.emit(
        { type: "agent.step", taskId: run.caller.taskId, agentId, iteration, ...(step.thought ? { thought: step.thought } : {}) },
        parentOf(run),
      );
      if (!remind) return step.answer;
      messages.push({ role: "assistant", content: response.content }, { role: "user", content: remind });
      remind = undefined;
      continue;
    }
    messages.push({ role: "assistant", content: response.content });
    if (step.kind === "error") {
      run.env.log.emit({ type: "agent.parse_error", taskId: run.caller.taskId, agentId, iteration, error: step.error }, parentOf(run));
      // Small models sometimes just answer in prose; after a second plain reply, take it rather than loop.
      if (!/Action\s*:/i.test(response.content) && response.content.trim() && ++unreadable >= 2) return response.content.trim();
      messages.push({ role: "user", content: formatReminder(step.error) });
      continue;
    }
    unreadable = 0;
    remind = undefined;
    run.env.log.emit(
      {
        type: "agent.step",
        taskId: run.caller.taskId,
        agentId,
        iteration,
        ...(step.thought ? { thought: step.thought } : {}),
        action: { tool: step.tool, input: step.input },
      },
      parentOf(run),
    );
    const observation = await invokeTool(run, toolbox, used, step.tool, step.input, step.rawInput);
    messages.push({ role: "user", content: `Observation: ${observation}` });
  }
  return forceFinal(run, messages, true);
}

async function forceFinal(run: AgentRun, messages: ChatMessage[], text: boolean): Promise<string> {
  run.env.log.emit(
    { type: "agent.forced_final", taskId: run.caller.taskId, agentId: run.caller.agentId ?? null, iteration: run.maxIter },
    parentOf(run),
  );
  const response = await ask(run, [...messages, { role: "user", content: FORCE_FINAL }], text ? { textProtocol: { tools: [] } } : {});
  const step = text ? parseReact(response.content) : null;
  const answer = step?.kind === "final" ? step.answer : response.content.trim();
  // An empty "final answer" would pass for a result downstream; fail the task with the reason instead.
  if (!answer) throw new Error(`agent "${run.caller.agentId ?? "none"}" gave no final answer after ${run.maxIter} steps`);
  return answer;
}

/** Runs one tool call and returns the observation; nothing here throws except an abort. */
async function invokeTool(
  run: AgentRun,
  toolbox: Toolbox,
  used: Map<string, string>,
  wanted: string,
  input: unknown,
  raw: string,
): Promise<string> {
  // A pause holds the call before it is announced, so a paused run shows no tool as in use.
  await run.env.pause?.checkpoint(run.signal);
  const toolCallId = run.env.newId();
  const { taskId } = run.caller;
  const parent = parentOf(run);
  const agentId = run.caller.agentId ?? null;
  const names = [...toolbox.byName.keys()];
  const name = matchToolName(wanted, names);
  const finish = (tool: string, output: string, extra: { error?: string; cacheHit?: boolean; repeated?: boolean } = {}) => {
    run.env.log.emit(
      {
        type: "tool.finished",
        toolCallId,
        tool,
        output,
        cacheHit: extra.cacheHit ?? false,
        repeated: extra.repeated ?? false,
        ...(extra.error ? { error: extra.error } : {}),
      },
      parent,
    );
    return output;
  };
  run.env.log.emit({ type: "tool.started", toolCallId, taskId, agentId, tool: name ?? wanted, input }, parent);
  if (!name) {
    const refused = run.engineTools?.refused;
    if (refused && matchToolName(wanted, refused.names)) return finish(wanted, refused.reason, { error: "not allowed" });
    return finish(wanted, `Error: there is no tool "${wanted}". Use one of: ${names.join(", ")}.`, { error: "unknown tool" });
  }
  const tool = toolbox.byName.get(name) as Tool | "engine";
  const args = coerceArgs(
    input,
    toolbox.specs.find((s) => s.name === name),
  );
  if (typeof args === "string")
    return finish(
      name,
      `Error: the input for ${name} must be a JSON object with its arguments, not ${JSON.stringify(raw.slice(0, 120))}.`,
      { error: "arguments not an object" },
    );
  // Host tools by id (the crew-wide cache shares these keys); engine tools by name.
  const key = `${tool === "engine" ? `$${name}` : tool.id}:${canonicalJson(args)}`;
  const earlier = used.get(key);
  if (earlier !== undefined)
    return finish(
      name,
      `You already used ${name} with exactly this input; its result was: ${earlier}\nTry a different input, or give your final answer.`,
      { repeated: true },
    );
  if (tool === "engine") {
    const result = await (run.engineTools as EngineTools).invoke(name, args, toolCallId);
    if (!result.error) used.set(key, result.output);
    return finish(name, result.output, result.error ? { error: result.error } : {});
  }
  const cache = run.host.cacheable?.(tool) === false ? null : run.cache;
  const cached = cache?.get(key);
  if (cached !== undefined) {
    used.set(key, cached);
    return finish(name, cached, { cacheHit: true });
  }
  try {
    const output = await run.host.invoke(tool, args, run.toolContext);
    used.set(key, output);
    cache?.set(key, output);
    return finish(name, output);
  } catch (error) {
    if (run.signal.aborted) throw error;
    const message = (error as Error).message;
    // Failures are never cached and never count as "already used": the agent may retry with a fix.
    return finish(name, `Error: ${message}`, { error: message });
  }
}

/** A bare string input becomes the tool's single argument when it has exactly one. */
function coerceArgs(input: unknown, spec: ToolSpec | undefined): Record<string, unknown> | string {
  if (input && typeof input === "object" && !Array.isArray(input)) return input as Record<string, unknown>;
  const props = Object.keys((spec?.parameters.properties as Record<string, unknown> | undefined) ?? {});
  if (props.length === 1 && (typeof input === "string" || typeof input === "number")) return { [props[0] as string]: String(input) };
  return typeof input === "string" ? input : JSON.stringify(input);
}
