import { test as base } from "@playwright/test";
import { MockLlmServer, type RecordedRequest } from "./mockLlm/MockLlmServer";
import { RunPage } from "./pages/RunPage";

/**
 * Playwright's test with a fresh mock model server per test (started in Node; the page calls it directly at its
 * 127.0.0.1 URL) and the run page object, already opened.
 */
export const test = base.extend<{ llm: MockLlmServer; run: RunPage }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their first argument
  llm: async ({}, use) => {
    const llm = await MockLlmServer.start();
    await use(llm);
    await llm.close();
  },
  run: async ({ page }, use) => {
    const run = new RunPage(page);
    await run.open();
    await use(run);
  },
});

export { expect } from "@playwright/test";

/** The text of every message of a recorded request, joined: what the model was shown. */
export function promptText(request: RecordedRequest | undefined): string {
  return (request?.body.messages ?? []).map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content))).join("\n");
}

/** The task ids and agent ids of the research-writer template, the crew most tests run. */
export const RESEARCH_WRITER = {
  title: "Research & write",
  tasks: ["research_task", "write_task"],
  agents: ["researcher", "writer"],
  /** Matches the writer's request (its task description), so a script can answer the two tasks differently. */
  writerPrompt: "Using the research notes",
} as const;

/** A crew of one agent and one task the person reviews before it counts (`humanInput`), in the exported format. */
export function reviewedCrew(name: string) {
  return {
    format: "crewdeck.crew",
    version: 1,
    name,
    process: "sequential",
    inputs: { place: "Porto" },
    llms: [],
    agents: [{ id: "guide", role: "Local guide", goal: "Suggest a walk in {place}", backstory: "You grew up in {place}." }],
    tasks: [
      {
        id: "walk",
        name: "Plan a walk",
        description: "Plan a two-hour walk in {place}.",
        expectedOutput: "A short route with three stops.",
        agent: "guide",
        humanInput: true,
      },
    ],
    tools: [],
  };
}
