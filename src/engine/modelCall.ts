import { type CostMeter, formatUsd } from "./costBudget";
import type { EventLog, RunEventBody } from "./events";
import type { RpmLimiter, Semaphore } from "./limits";
import type { PauseSwitch } from "./pause";
import {
  abortError,
  type ChatMessage,
  type ChatRequest,
  type ChatResponse,
  type Clock,
  LlmError,
  type LlmProvider,
  type Usage,
} from "./ports";
import { estimatePrompt, estimateTokens, type UsageMeter } from "./usage";

/** Thrown before a request that would take the run over its token budget (or, with unit "usd", its cost budget). */
export class BudgetExceededError extends Error {
  override readonly name = "BudgetExceededError";
  constructor(
    readonly limit: number,
    readonly used: number,
    readonly needed: number,
    readonly unit: "tokens" | "usd" = "tokens",
  ) {
    super(
      unit === "usd"
        ? `cost budget of ${formatUsd(limit)} would be exceeded: ${formatUsd(used)} spent, the next request needs about ${formatUsd(needed)} more`
        : `token budget of ${limit} would be exceeded: ${used} used, the next request needs about ${needed} more`,
    );
  }
}

/** What every model call of a run shares. */
export interface CallEnv {
  log: EventLog;
  clock: Clock;
  meter: UsageMeter;
  inFlight: Semaphore;
  crewLimiter?: RpmLimiter;
  tokenBudget?: number;
  /** Spending against the run's cost limit, when it has one. */
  cost?: CostMeter;
  newId: () => string;
  random: () => number;
  retry: { attempts: number; baseMs: number; maxMs: number };
  pause?: PauseSwitch;
  /** How many messages of each conversation array earlier requests logged, so each request logs only what is new. */
  logged: WeakMap<readonly ChatMessage[], number>;
}

/** Who is calling: for events, usage and the agent's own rate limit. */
export interface Caller {
  taskId?: string;
  agentId?: string | null;
  limiter?: RpmLimiter;
  parentId?: string;
}

/** A response with the usage that was counted for it. */
export type CountedResponse = ChatResponse & { usage: Usage; estimated: boolean };

/**
 * One model call with everything around it: budget check, rate-limit wait, the in-flight cap, streaming events,
 * retries with exponential backoff and jitter (honouring Retry-After) for 429/5xx/network errors, and usage.
 */
export async function callModel(env: CallEnv, caller: Caller, provider: LlmProvider, request: ChatRequest): Promise<CountedResponse> {
  const callId = env.newId();
  const parent = caller.parentId ?? caller.taskId;
  const needed = estimatePrompt(request.messages);
  checkBudget(env, needed, parent, request.model);
  // The agent's own limit wins over the crew's, as in CrewAI.
  const limiter = caller.limiter ?? env.crewLimiter;
  if (limiter) {
    const wait = limiter.reserve();
    if (wait > 0) {
      env.log.emit({ type: "ratelimit.wait", scope: caller.limiter ? "agent" : "crew", agentId: caller.agentId ?? null, ms: wait }, parent);
      await env.clock.sleep(wait, request.signal);
    }
  }
  // Retries stream into the same callId, so one listener serves every attempt.
  const onToken = (text: string) => void env.log.emit({ type: "llm.token", callId, text }, callId);
  for (let attempt = 1; ; attempt++) {
    // No await without a pause switch or with a free slot: each await is a promise and a turn of the microtask queue.
    if (env.pause) await env.pause.checkpoint(request.signal);
    const slot = env.inFlight.tryAcquire(request.signal) ?? (await env.inFlight.acquire(request.signal));
    try {
      // Again once the slot is ours: calls queued before this one may have used tokens while it waited.
      checkBudget(env, needed, parent, request.model);
    } catch (error) {
      slot();
      throw error;
    }
    env.meter.pendingPrompt += needed;
    const pendingCost = env.cost?.promptCost(request.model, needed) ?? 0;
    if (env.cost) env.cost.pending += pendingCost;
    let held = true;
    const started = env.clock.now();
    const promptFrom = env.logged.get(request.messages) ?? 0;
    env.logged.set(request.messages, request.messages.length);
    const announced: RunEventBody & { type: "llm.request" } = {
      type: "llm.request",
      callId,
      agentId: caller.agentId ?? null,
      model: request.model,
      provider: provider.label,
      messages: request.messages.length,
      tools: request.tools?.length ?? 0,
      prompt: request.messages.slice(promptFrom).map(copyMessage),
      promptFrom,
    };
    if (caller.taskId) announced.taskId = caller.taskId;
    env.log.emit(announced, parent);
    try {
      // A listener of llm.request (a stop button) may have aborted the run: then the provider is never asked.
      if (request.signal.aborted) throw abortError(request.signal);
      // Object.assign rather than spreads here and below: Node 20 spreads these small objects slowly, and dropping the
      // spreads took about a tenth off the engine's CPU time per call (measured with an in-process endpoint).
      const call = Object.assign({}, request);
      call.onToken = onToken;
      const response = await provider.chat(call);
      const estimated = !response.usage;
      // The messages have not changed since `needed` was counted: the conversation waits for this answer.
      const usage = response.usage ?? {
        promptTokens: needed,
        completionTokens: estimateTokens(response.content + response.toolCalls.map((t) => t.name + t.arguments).join("")),
      };
      env.meter.record(usage, estimated, caller.taskId, caller.agentId);
      env.cost?.record(request.model, usage);
      env.log.emit(
        {
          type: "llm.response",
          callId,
          content: response.content,
          toolCalls: response.toolCalls.map((t) => ({ name: t.name, arguments: t.arguments })),
          usage: { promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, estimated },
          durationMs: env.clock.now() - started,
        },
        parent,
      );
      const counted = Object.assign({}, response) as CountedResponse;
      counted.usage = usage;
      counted.estimated = estimated;
      return counted;
    } catch (error) {
      if (request.signal.aborted || !(error instanceof LlmError) || !error.retryable || attempt >= env.retry.attempts) throw error;
      const backoff = Math.min(env.retry.maxMs, env.retry.baseMs * 2 ** (attempt - 1));
      // Full jitter spreads retries of parallel tasks so they do not hit the endpoint together again.
      const delayMs = Math.round(error.details.retryAfterMs ?? backoff * (0.5 + env.random() / 2));
      env.log.emit({ type: "llm.retry", callId, attempt, delayMs, reason: error.message }, parent);
      // The slot and the reserved prompt are not held through the backoff: other calls may go meanwhile.
      held = false;
      release(env, needed, pendingCost, slot);
      await env.clock.sleep(delayMs, request.signal);
    } finally {
      if (held) release(env, needed, pendingCost, slot);
    }
  }
}

/**
 * Throws (after logging it) when `needed` more prompt tokens would take the run over its budget. Prompts of requests
 * still in flight count too, or parallel tasks would all pass the check before any answer.
 */
function checkBudget(env: CallEnv, needed: number, parent: string | undefined, model: string): void {
  if (env.tokenBudget !== undefined) {
    const used = env.meter.total.totalTokens;
    if (used + env.meter.pendingPrompt + needed > env.tokenBudget) {
      env.log.emit({ type: "budget.exceeded", limit: env.tokenBudget, used, unit: "tokens" }, parent);
      throw new BudgetExceededError(env.tokenBudget, used, needed);
    }
  }
  const cost = env.cost;
  if (!cost) return;
  // Only the prompt's price is known before the answer; the answer's is counted once it is in.
  const next = cost.promptCost(model, needed);
  if (cost.spent + cost.pending + next > cost.limit.usd) {
    env.log.emit({ type: "budget.exceeded", limit: cost.limit.usd, used: cost.spent, unit: "usd" }, parent);
    throw new BudgetExceededError(cost.limit.usd, cost.spent, next, "usd");
  }
}

function release(env: CallEnv, reserved: number, reservedCost: number, slot: () => void): void {
  env.meter.pendingPrompt -= reserved;
  if (env.cost) env.cost.pending -= reservedCost;
  slot();
}

// A copy, so a conversation that keeps growing never changes an event already handed out.
function copyMessage(m: ChatMessage): ChatMessage {
  const copy = Object.assign({}, m);
  if (m.toolCalls) copy.toolCalls = m.toolCalls.map((c) => Object.assign({}, c));
  return copy;
}
