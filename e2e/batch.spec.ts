import type { RecordedRequest } from "./mockLlm/MockLlmServer";
import { gate } from "./mockLlm/MockLlmServer";
import { BatchPage } from "./pages/BatchPage";
import { expect, promptText, test } from "./runTest";

/** A crew of one agent and one task, in the exported format; `{topic}` makes it a crew for batches. */
function oneTaskCrew(name: string, description: string) {
  return {
    format: "crewdeck.crew",
    version: 1,
    name,
    process: "sequential",
    llms: [],
    agents: [{ id: "poet", role: "Poet", goal: "Write short poems", backstory: "You write haiku." }],
    tasks: [{ id: "poem", name: "Write the poem", description, expectedOutput: "Three lines.", agent: "poet" }],
    tools: [],
  };
}

const topicOf = (req: RecordedRequest) => /haiku about (\w+)/.exec(promptText(req))?.[1] ?? "?";

test("a batch of three inputs: two runs at a time, each saved, and a summary row per input with its output", async ({ run, llm, page }) => {
  const batch = new BatchPage(run);
  const release = gate();
  // Every answer waits for the test until it has seen how many runs the page started at once.
  llm.script([
    {
      match: /haiku about/,
      reply: (req) => ({ content: `HAIKU ON ${topicOf(req).toUpperCase()}`, hold: { afterChunks: 1, until: release.promise } }),
    },
  ]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  await run.importCrew(oneTaskCrew("Haiku batch", "Write a haiku about {topic}."));
  await batch.start("topic\ncrabs\nsnails\nkelp\n", 2);

  const rows = await batch.rows();
  await expect(rows).toHaveCount(3);
  await expect.poll(() => llm.chatRequests.length).toBe(2);
  await expect(rows.nth(0)).toHaveAttribute("data-status", "running");
  await expect(rows.nth(1)).toHaveAttribute("data-status", "running");
  await expect(rows.nth(2)).toHaveAttribute("data-status", "queued");
  // Held, the two runs in flight keep the third waiting: the page never opens a third request.
  await page.waitForTimeout(500);
  expect(llm.chatRequests.map(topicOf).sort()).toEqual(["crabs", "snails"]);
  expect(llm.inFlight).toBe(2);
  const runningNow = await batch.runningNow();
  await expect(runningNow).toHaveCount(2);
  await expect(runningNow.first()).toContainText("row 1 of 3");

  release.open();
  await batch.rows();
  await expect(batch.summary()).toHaveAttribute("data-state", "done");
  for (const [i, topic] of ["crabs", "snails", "kelp"].entries()) {
    await expect(rows.nth(i)).toHaveAttribute("data-status", "completed");
    // The first line shows; the whole output unfolds under it.
    await expect(rows.nth(i).locator(".batch__output summary")).toHaveText(`HAIKU ON ${topic.toUpperCase()}`);
    await expect(rows.nth(i).locator(".batch__inputs")).toHaveText(`topic: ${topic}`);
  }
  await rows.nth(2).locator(".batch__output summary").click();
  await expect(rows.nth(2).locator(".batch__output pre")).toBeVisible();
  await expect(rows.nth(2).locator(".batch__output pre")).toHaveText("HAIKU ON KELP");
  await expect(batch.summary().locator(".batch__total")).toContainText("Total: 3 rows");
  expect(llm.chatRequests).toHaveLength(3);
  expect(llm.maxInFlight).toBe(2);

  // Each row is a run of its own in History, with its batch row.
  const history = await run.showHistory();
  await expect(history).toHaveCount(3);
  for (const n of [1, 2, 3]) await expect(history.filter({ hasText: `batch row ${n} of 3` })).toHaveCount(1);
  const runIds = await history.evaluateAll((lis) => lis.map((li) => li.getAttribute("data-run")));
  expect(new Set(runIds).size).toBe(3);

  // The summary is rebuilt from the saved runs after a reload, and a row opens its run for replay.
  await page.reload();
  await expect(page.locator(".app[data-ready]")).toBeVisible();
  const after = await batch.rows();
  await expect(after).toHaveCount(3);
  await expect(batch.summary()).toHaveAttribute("data-state", "ended");
  await expect(after.nth(1)).toHaveAttribute("data-status", "completed");
  await expect(after.nth(1).locator(".batch__output summary")).toHaveText("HAIKU ON SNAILS");
  await after.nth(1).getByRole("button", { name: "Replay row 2" }).click();
  await expect(run.replayBar()).toBeVisible();
  await run.expectNodeStatus("poem", "done");
  expect(llm.chatRequests).toHaveLength(3);
});

test("two crews at once: A runs held, B starts beside it, both show in Running now, and both complete", async ({ run, llm }) => {
  const batch = new BatchPage(run);
  const holdA = gate();
  const holdB = gate();
  llm.script([
    { match: "Alpha", reply: { content: "ALPHA ANSWER", hold: { afterChunks: 1, until: holdA.promise } } },
    { match: "Beta", reply: { content: "BETA ANSWER", hold: { afterChunks: 1, until: holdB.promise } } },
  ]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  await run.importCrew(oneTaskCrew("Crew A", "Write a poem called Alpha."));
  await run.importCrew(oneTaskCrew("Crew B", "Write a poem called Beta."));

  await batch.openCrew("Crew A");
  await run.start();
  await run.expectNodeStatus("poem", "running");
  await expect(batch.crewEntry("Crew A")).toHaveAttribute("data-run-state", "running");

  await batch.openCrew("Crew B");
  // B's canvas shows nothing of A's run, and B can be started while A goes.
  await run.expectNodeStatus("poem", "idle");
  await run.start();
  await run.expectNodeStatus("poem", "running");
  await expect.poll(() => llm.chatRequests.length).toBe(2);
  expect(llm.inFlight).toBe(2);
  await expect(batch.crewEntry("Crew B")).toHaveAttribute("data-run-state", "running");

  const runningNow = await batch.runningNow();
  await expect(runningNow).toHaveCount(2);
  await expect(batch.run.dock().locator('li[data-live-run][data-crew="Crew A"]')).toHaveAttribute("data-status", "running");
  await expect(batch.run.dock().locator('li[data-live-run][data-crew="Crew B"]')).toHaveAttribute("data-status", "running");
  // Both progress: their elapsed times grow while the answers are held.
  const elapsedA = batch.run.dock().locator('li[data-live-run][data-crew="Crew A"] [data-elapsed]');
  const before = await elapsedA.textContent();
  await expect(elapsedA).not.toHaveText(before ?? "");

  holdA.open();
  await expect(runningNow).toHaveCount(1);
  await expect(runningNow.first()).toHaveAttribute("data-crew", "Crew B");
  await expect(batch.crewEntry("Crew A")).not.toHaveAttribute("data-run-state", /./);
  await run.expectRunStatus("running");

  holdB.open();
  await run.expectRunStatus("completed");
  await expect(run.finalAnswer()).toContainText("BETA ANSWER");
  await batch.openCrew("Crew A");
  await run.expectRunStatus("completed");
  await run.showRunPanel();
  await expect(run.finalAnswer()).toContainText("ALPHA ANSWER");
  await expect(batch.run.dock().getByRole("region", { name: "Running now" })).toHaveCount(0);
});
