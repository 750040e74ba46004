import type { HumanVerdict, RunEvent } from "../../engine";
import type { FakeScript } from "../../llm/webllm/testing/FakeMlcEngine";
import type { Task } from "../../model";
import type { RunRequest } from "../../store";

/** Messages from the page to the engine worker. */
export type ToWorker =
  | ({
      type: "start";
      dbName?: string;
      /** TEST-ONLY: in-browser models answer from this script instead of web-llm (set from FAKE_WEBLLM_FLAG). */
      fakeWebLlm?: FakeScript;
    } & RunRequest)
  | { type: "cancel"; reason: string }
  | { type: "pause" }
  | { type: "resume" }
  | { type: "review"; taskId: string; verdict: HumanVerdict };

/** Messages from the engine worker to the page. */
export type FromWorker =
  | { type: "events"; events: RunEvent[] }
  | { type: "review"; task: Task; output: string }
  | { type: "done"; status: "completed" | "failed" | "cancelled"; error?: string; files: Record<string, string> }
  | { type: "invalid"; messages: string[] }
  | { type: "crash"; message: string }
  | { type: "warning"; message: string };

/** TEST-ONLY localStorage key: a JSON FakeScript there makes runs use a fake in-browser engine (e2e has no GPU or weights). */
export const FAKE_WEBLLM_FLAG = "crewdeck:test:fake-webllm";
