import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MockLlmServer } from "../../e2e/mockLlm/MockLlmServer";
import type { RecordedRequest, WireMessage } from "../../e2e/mockLlm/types";
import { CrewSchema, serializeCrew } from "../model";
import { EXIT } from "./main";
import { runCli } from "./testing/runCli";

let server: MockLlmServer;
beforeAll(async () => {
  server = await MockLlmServer.start();
});
afterAll(() => server.close());

const messages = (r: RecordedRequest): WireMessage[] => r.body.messages ?? [];
const text = (m: WireMessage | undefined) => String(m?.content ?? "");

describe("crewdeck run with a hierarchical crew", () => {
  it("the manager delegates through a tool call and the worker gets the delegated task and context", async () => {
    const crew = CrewSchema.parse({
      format: "crewdeck.crew",
      version: 1,
      name: "Poetry desk",
      process: "hierarchical",
      inputs: { topic: "autumn" },
      agents: [{ id: "poet", role: "Poet", goal: "Write short poems", backstory: "Writes haiku daily." }],
      tasks: [{ id: "poem", name: "Poem", description: "Get a poem about {topic}", expectedOutput: "One haiku" }],
    });
    server.script([
      {
        match: (r) => text(messages(r)[0]).startsWith("You are Crew Manager.") && messages(r).at(-1)?.role === "tool",
        reply: (r) => ({ content: `Manager final: ${text(messages(r).at(-1))}` }),
      },
      { matchAny: "You are Poet.", reply: { content: "HAIKU-TEXT" } },
      {
        matchAny: "You are Crew Manager.",
        reply: {
          toolCalls: [
            {
              name: "delegate_work_to_coworker",
              arguments: { task: "Write a haiku about autumn", context: "CTX-42: five-seven-five", coworker: "poet" },
            },
          ],
        },
      },
    ]);
    const file = join(mkdtempSync(join(tmpdir(), "crewdeck-cli-h-")), "poetry.crew.json");
    writeFileSync(file, serializeCrew(crew));
    const { code, stdout, stderr } = await runCli(["run", file, "--base-url", server.url, "--model", "mock-1"]);
    expect(code, stderr).toBe(EXIT.ok);
    expect(stdout.trim()).toBe("Manager final: HAIKU-TEXT");

    const [ask, worker, answer] = server.chatRequests as [RecordedRequest, RecordedRequest, RecordedRequest];
    expect(server.chatRequests).toHaveLength(3);
    const tools = (ask.body.tools ?? []) as { function: { name: string; parameters: { properties: { coworker: { enum: string[] } } } } }[];
    expect(tools.map((t) => t.function.name)).toEqual(["delegate_work_to_coworker", "ask_question_to_coworker"]);
    expect(tools[0]?.function.parameters.properties.coworker.enum).toEqual(["Poet"]);
    expect(text(messages(ask)[1])).toContain("Get a poem about autumn");
    // The worker speaks as itself, on the task and context the manager passed, with nothing of the original task.
    expect(text(messages(worker)[0])).toMatch(/^You are Poet\./);
    expect(text(messages(worker)[1])).toContain("Task: Write a haiku about autumn");
    expect(text(messages(worker)[1])).toContain("CTX-42: five-seven-five");
    expect(text(messages(worker)[1])).not.toContain("Get a poem");
    expect(worker.body.tools).toBeUndefined();
    // The manager's own tool call comes back to it with the worker's answer.
    const [assistant, tool] = messages(answer).slice(-2);
    expect(assistant?.tool_calls?.[0]?.function?.name).toBe("delegate_work_to_coworker");
    expect(tool).toMatchObject({ role: "tool", content: "HAIKU-TEXT", tool_call_id: assistant?.tool_calls?.[0]?.id });

    expect(stderr).toContain("▶ Poetry desk: 1 tasks, hierarchical, managed by Crew Manager");
    expect(stderr).toContain("● Poem — Crew Manager");
    expect(stderr).toContain("  ↳ Crew Manager delegates to Poet: Write a haiku about autumn");
    expect(stderr).toContain("  ↲ Poet answered: HAIKU-TEXT");
    expect(stderr).not.toContain("⚙ delegate_work_to_coworker");
  });
});
