import type { Agent, Tool } from "../model";
import type { AgentRun } from "./agentLoop";
import { RpmLimiter } from "./limits";
import type { ResolveLlm } from "./ports";
import type { RunContext } from "./taskRunner";

/** The endpoint, model name and config an agent talks to. */
export type AgentModel = ReturnType<ResolveLlm>;

/** Resolves a model config id (an agent's own, else the crew's default) to its provider. */
export function modelFor(ctx: RunContext, llmId: string | undefined): AgentModel {
  const id = llmId ?? ctx.crew.defaultLlm;
  return ctx.resolveLlm(id ? ctx.crew.llms.find((l) => l.id === id) : undefined);
}

/** The crew's tools with these ids, in order; unknown ids are left out (validation reports them). */
export function toolsFor(ctx: RunContext, ids: readonly string[]): Tool[] {
  return ids.map((id) => ctx.crew.tools.find((t) => t.id === id)).filter((t): t is Tool => t !== undefined);
}

/** The sampling options and tool protocol an agent run takes from its model config. */
export function modelOptions(m: AgentModel): Pick<AgentRun, "provider" | "model" | "options" | "nativeTools"> {
  const config = m.config;
  const options: AgentRun["options"] = {};
  if (config?.temperature !== undefined) options.temperature = config.temperature;
  if (config?.maxTokens !== undefined) options.maxTokens = config.maxTokens;
  if (config?.topP !== undefined) options.topP = config.topP;
  return { provider: m.provider, model: m.model, options, nativeTools: config?.nativeTools !== false };
}

/** The agent's own rate limiter, shared by everything it does in the run; undefined when it has no limit. */
export function agentLimiter(ctx: RunContext, agent: Agent): RpmLimiter | undefined {
  if (!agent.maxRpm) return undefined;
  let limiter = ctx.agentLimiters.get(agent.id);
  if (!limiter) {
    limiter = new RpmLimiter(agent.maxRpm, ctx.env.clock);
    ctx.agentLimiters.set(agent.id, limiter);
  }
  return limiter;
}
