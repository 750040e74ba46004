import { type Script, ScriptedProvider, type ScriptedProviderOptions } from "../../llm/ScriptedProvider";
import type { Crew } from "../../model";
import type { RunEvent, RunEventType } from "../events";
import { type CrewResult, type KickoffOptions, kickoff } from "../kickoff";
import { type ChatRequest, systemClock } from "../ports";
import { idSource, memoryFiles, StubToolHost, VirtualClock } from "./harness";

/** A scripted provider, a stub tool host and a virtual clock wired into kickoff options. */
export interface Rig {
  provider: ScriptedProvider;
  host: StubToolHost;
  clock: VirtualClock;
  options: KickoffOptions;
  /** Runs a crew with the rig's options. */
  run(crew: Crew, inputs?: Record<string, string>): Promise<CrewResult>;
}

/**
 * Builds a rig. The provider waits on the virtual clock unless `realDelays` is set, in which case `delayMs`
 * steps really wait (for tests that need calls to overlap).
 */
export function rig(
  script: Script,
  opts: { provider?: ScriptedProviderOptions; kickoff?: Partial<KickoffOptions>; realDelays?: boolean } = {},
): Rig {
  const clock = new VirtualClock();
  const provider = new ScriptedProvider(script, { sleep: opts.realDelays ? systemClock.sleep : clock.sleep, ...opts.provider });
  const host = new StubToolHost();
  const options: KickoffOptions = {
    resolveLlm: () => ({ provider, model: "test-model" }),
    host,
    files: memoryFiles,
    clock,
    newId: idSource(),
    ...opts.kickoff,
  };
  return { provider, host, clock, options, run: (crew, inputs = {}) => kickoff(crew, inputs, options) };
}

/** The events of one type, typed. */
export function ofType<T extends RunEventType>(events: readonly RunEvent[], type: T): Extract<RunEvent, { type: T }>[] {
  return events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
}

/** Every message text of a request, joined. */
export function promptText(request: ChatRequest | undefined): string {
  return (request?.messages ?? []).map((m) => m.content).join("\n");
}

/** The task prompt (first user message) of a request. */
export function taskText(request: ChatRequest | undefined): string {
  return request?.messages.find((m) => m.role === "user")?.content ?? "";
}

/** Which test task a request works on: n of testCrew's default description "Do step n" (undefined for other calls). */
export function stepOf(request: ChatRequest): number | undefined {
  const match = /^Task: Do step (\d+)/.exec(taskText(request));
  return match ? Number(match[1]) : undefined;
}

/** Index of the first event matching, or -1; for asserting order. */
export function indexOf(events: readonly RunEvent[], type: RunEventType, taskId?: string): number {
  return events.findIndex((e) => e.type === type && (taskId === undefined || ("taskId" in e && e.taskId === taskId)));
}
