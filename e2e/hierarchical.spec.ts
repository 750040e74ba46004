import { gate } from "./mockLlm/MockLlmServer";
import { ProcessView } from "./pages/ProcessView";
import { expect, promptText, test } from "./runTest";

const WORKER = { role: "Haiku poet", goal: "Write short poems", backstory: "You have written haiku for thirty years." };
const POEM = "Tide pulls at the moon / salt wind writes on the sand / gulls read it aloud";

test("a hierarchical crew built by drag and drop: the manager delegates, the edge to the worker lights and the worker runs", async ({
  run,
  llm,
  page,
}) => {
  const view = new ProcessView(page);
  const editor = view.editor;
  const working = gate();
  const finishing = gate();
  llm.script([
    // The manager's first turn hands the task to the poet with a native tool call...
    {
      matchAny: /^You are Crew Manager\b/,
      times: 1,
      reply: {
        toolCalls: [
          {
            name: "delegate_work_to_coworker",
            arguments: { task: "Write one haiku about the sea", context: "Three lines, 5-7-5 syllables.", coworker: WORKER.role },
          },
        ],
      },
    },
    // ...the poet answers (held until the test has looked at the canvas)...
    { matchAny: /^You are Haiku poet\b/, reply: { content: POEM, hold: { afterChunks: 1, until: working.promise } } },
    // ...and the manager, with the poem as its tool result, gives it as the final answer.
    { matchAny: /^You are Crew Manager\b/, reply: { content: POEM, hold: { afterChunks: 1, until: finishing.promise } } },
  ]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });

  await editor.newCrew();
  await editor.dragFromPalette("agent", { x: 420, y: 320 });
  await editor.dragFromPalette("task", { x: 820, y: 320 });
  await view.describeAgent("agent-1", WORKER);
  await view.describeTask("task-1", { description: "Write a haiku about the sea.", expectedOutput: "One haiku" });

  await view.setProcess("Hierarchical (manager)");
  // The generated manager appears above its worker, with an edge to it; it is a manager, not an editable agent.
  const manager = editor.node("$manager").locator("[data-kind]").first();
  await expect(manager).toHaveAttribute("data-kind", "agent");
  await expect(manager).toHaveAttribute("data-role", "manager");
  await expect(manager).toContainText("Crew Manager");
  await expect(editor.edge("delegates:$manager:agent-1")).toHaveCount(1);
  const [managerBox, workerBox] = await Promise.all([editor.node("$manager").boundingBox(), editor.node("agent-1").boundingBox()]);
  expect((managerBox?.y ?? 0) + (managerBox?.height ?? 0)).toBeLessThan(workerBox?.y ?? 0);
  await expect(editor.problemsButton()).toHaveAttribute("data-count", "0");
  await view.snapshot("hierarchical-built");

  await view.recordEdges("delegates:");
  await run.start();
  // The manager delegated: the edge to the poet is lit towards it, the poet works, the manager waits for it.
  await view.expectEdgeActive("delegates:$manager:agent-1", "forward");
  await run.expectNodeStatus("agent-1", "running");
  await expect(manager).toHaveAttribute("data-status", /waiting|running/);
  await expect.poll(() => llm.inFlight).toBe(1);
  await view.snapshot("hierarchical-delegating");

  working.open();
  // The poem goes back to the manager, who writes the final answer: the edge now carries the answer home.
  await expect.poll(() => view.edgeLog()).toEqual(["delegates:$manager:agent-1:forward", "delegates:$manager:agent-1:back"]);
  await run.expectNodeStatus("agent-1", "done");
  finishing.open();
  await run.expectRunStatus("completed");
  await expect(run.finalAnswer()).toContainText("Tide pulls at the moon");
  await run.expectNodeStatus("agent-1", "done");
  await view.expectEdgeQuiet("delegates:$manager:agent-1");
  // Manager, poet, manager: the poet saw only what the manager passed it.
  expect(llm.chatRequests).toHaveLength(3);
  expect(promptText(llm.chatRequests[1])).toContain("Write one haiku about the sea");
  expect(promptText(llm.chatRequests[2])).toContain(POEM);

  // The poet's call lands in its own lane of the timeline, the manager's in the manager's.
  const timeline = await run.showTimeline();
  await expect(timeline.locator('.timeline__bar[data-kind="llm"][data-lane="agent-1"]')).toHaveCount(1);
  await expect(timeline.locator('.timeline__bar[data-kind="llm"][data-lane="$manager"]')).toHaveCount(2);
});
