import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MockLlmServer } from "../../e2e/mockLlm/MockLlmServer";
import type { RecordedRequest } from "../../e2e/mockLlm/types";
import { CrewSchema, serializeCrew } from "../model";
import { EXIT } from "./main";
import { runCli } from "./testing/runCli";

let server: MockLlmServer;
const dir = mkdtempSync(join(tmpdir(), "crewdeck-plan-"));

beforeAll(async () => {
  server = await MockLlmServer.start();
});
afterAll(() => server.close());

const text = (req: RecordedRequest | undefined) => (req?.body.messages ?? []).map((m) => String(m.content ?? "")).join("\n");
const isPlanner = (req: RecordedRequest) => text(req).includes("You plan the work of a crew");
const isVerdict = (req: RecordedRequest) => text(req).includes("You decide whether a condition holds");

/** Planning on; t2 runs only if t1's JSON says urgent; t3 runs only if a rule holds (the mock says it does not). */
const crew = CrewSchema.parse({
  format: "crewdeck.crew",
  version: 1,
  name: "Plan and conditions",
  agents: [{ id: "a1", role: "Triage nurse", goal: "Sort cases", backstory: "Calm." }],
  tasks: [
    { id: "t1", name: "Triage", description: "Step 1: triage the case", expectedOutput: "JSON", agent: "a1" },
    {
      id: "t2",
      name: "Escalate",
      description: "Step 2: escalate",
      expectedOutput: "A note",
      agent: "a1",
      condition: { type: "jsonPath", path: "$.urgent", op: "truthy" },
    },
    {
      id: "t3",
      name: "Follow up",
      description: "Step 3: follow up",
      expectedOutput: "A note",
      agent: "a1",
      condition: { type: "rule", rule: "The escalation asks for a follow-up" },
    },
  ],
  settings: { planning: true },
});

describe("crewdeck run with planning and conditional tasks", () => {
  it("sends the planner request first, a plan in each task request, and nothing for a skipped task", async () => {
    server.reset();
    server.script([
      {
        matchAny: "You plan the work of a crew",
        reply: {
          content: JSON.stringify({
            plans: ["t1", "t2", "t3"].map((id) => ({ taskId: id, plan: `1. PLAN-${id}: look closely\n2. answer` })),
          }),
        },
      },
      { matchAny: "You decide whether a condition holds", reply: { content: '{"pass": false, "reason": "no follow-up asked"}' } },
      { match: "Step 1", reply: { content: '```json\n{"urgent": true}\n```' } },
      { match: "Step 2", reply: { content: "ESCALATED" } },
      { match: "Step 3", reply: { content: "FOLLOWED UP" } },
    ]);
    const file = join(dir, "plan.crew.json");
    writeFileSync(file, serializeCrew(crew));
    const { code, stdout, stderr } = await runCli(["run", file, "--base-url", server.url, "--model", "mock-1"]);
    expect(code, stderr).toBe(EXIT.ok);
    const requests = server.chatRequests;
    expect(requests.map((r) => (isPlanner(r) ? "plan" : isVerdict(r) ? "verdict" : text(r).match(/Step \d/)?.[0]))).toEqual([
      "plan",
      "Step 1",
      "Step 2",
      "verdict",
    ]);
    const planner = requests[0] as RecordedRequest;
    expect(planner.body.response_format).toMatchObject({ type: "json_schema", json_schema: { name: "crew_plan" } });
    expect(text(planner)).toContain("Description: Step 2: escalate");
    expect(text(planner)).toContain("Runs only if: $.urgent truthy");
    expect(text(requests[1])).toContain("1. PLAN-t1: look closely");
    expect(text(requests[1])).not.toContain("PLAN-t2");
    expect(text(requests[2])).toContain("1. PLAN-t2: look closely");
    expect(text(requests[3])).toContain("Condition: The escalation asks for a follow-up");
    expect(text(requests[3])).toContain("ESCALATED");
    expect(requests.filter((r) => !isPlanner(r)).some((r) => text(r).includes("Step 3"))).toBe(false);
    // The answer is the last output that says something: the skipped t3 passes on "".
    expect(stdout.trim()).toBe("ESCALATED");
    expect(stderr).toContain("◇ plan for 3 tasks");
    expect(stderr).toContain("    1. PLAN-t1: look closely");
    expect(stderr).toContain('? Escalate: condition met by "Triage" — $.urgent selects true, which is truthy');
    expect(stderr).toContain('? Follow up: condition not met by "Escalate" — no follow-up asked');
    expect(stderr).toContain("↷ Follow up skipped");
  });
});
