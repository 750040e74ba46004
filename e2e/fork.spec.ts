import type { RecordedRequest } from "./mockLlm/MockLlmServer";
import { gate } from "./mockLlm/MockLlmServer";
import type { RunPage } from "./pages/RunPage";
import { expect, promptText, RESEARCH_WRITER, test } from "./runTest";

/** A phrase only the research task's prompt has (its description): a request with it is the first task being run. */
const RESEARCH_PROMPT = "Find out what it is, why it matters now";
const NOTES = "NOTES: two tidal arrays feed the grid today; cost per megawatt-hour is the open question.";
const FIRST_ARTICLE = "# Tides, first draft\n\nAn article from the notes.";
const SECOND_ARTICLE = "# Tides, second draft\n\nThe same notes, told again.";

const isResearch = (req: RecordedRequest) => promptText(req).includes(RESEARCH_PROMPT);

/** Runs the research-writer template to the end once: the research and the first article, two requests. */
async function completedRun(run: RunPage, llm: { chatRequests: RecordedRequest[] }): Promise<void> {
  await run.openTemplate(RESEARCH_WRITER.title);
  await run.start({ topic: "tidal power" });
  await run.expectRunStatus("completed");
  expect(llm.chatRequests).toHaveLength(2);
  // The phrase tells the two tasks apart: only the research request has it.
  expect(llm.chatRequests.map(isResearch)).toEqual([true, false]);
}

test("Re-run from… in History re-runs only the later task, with the earlier output restored from the saved run", async ({ run, llm }) => {
  const rewrite = gate();
  llm.script([
    { match: RESEARCH_WRITER.writerPrompt, times: 1, reply: { content: FIRST_ARTICLE } },
    // The re-run's article waits for the test, so the restored research can be seen next to the writer at work.
    { match: RESEARCH_WRITER.writerPrompt, reply: { content: SECOND_ARTICLE, hold: { afterChunks: 2, until: rewrite.promise } } },
    { match: RESEARCH_PROMPT, reply: { content: NOTES } },
  ]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  await completedRun(run, llm);

  const rows = await run.showHistory();
  await expect(rows).toHaveCount(1);
  const original = (await rows.first().getAttribute("data-run")) ?? "";
  const sent = llm.chatRequests.length;
  await rows
    .first()
    .getByRole("combobox", { name: /^Re-run from a task/ })
    .selectOption({ label: "Write the article" });

  await run.expectNodeStatus("write_task", "running");
  await run.expectNodeStatus("writer", "running");
  await run.expectNodeStatus("research_task", "done");
  await expect(run.runPanel).toContainText("Re-run from write_task");
  await expect.poll(() => llm.inFlight).toBe(1);

  rewrite.open();
  await run.expectRunStatus("completed");
  for (const id of RESEARCH_WRITER.tasks) await run.expectNodeStatus(id, "done");
  await expect(run.finalAnswer()).toContainText("second draft");
  // The re-run sent the writer's request alone, built on the research notes of the saved run.
  const forked = llm.chatRequests.slice(sent);
  expect(forked.filter(isResearch)).toEqual([]);
  expect(forked).toHaveLength(1);
  expect(promptText(forked[0])).toContain(RESEARCH_WRITER.writerPrompt);
  expect(promptText(forked[0])).toContain(NOTES);

  // The re-run is saved beside the original, newest first, and says what it re-ran.
  const after = await run.showHistory();
  await expect(after).toHaveCount(2);
  await expect(after.nth(1)).toHaveAttribute("data-run", original);
  await expect(after.first()).not.toHaveAttribute("data-run", original);
  await expect(after.first()).toHaveAttribute("data-status", "completed");
  await expect(after.first()).toContainText("re-run from write_task");
  await expect(after.nth(1)).not.toContainText("re-run from");
});

test("Re-run from this task in a task's run details forks the last run from that task", async ({ run, llm }) => {
  llm.script([
    { match: RESEARCH_WRITER.writerPrompt, times: 1, reply: { content: FIRST_ARTICLE } },
    { match: RESEARCH_WRITER.writerPrompt, reply: { content: SECOND_ARTICLE } },
    { match: RESEARCH_PROMPT, reply: { content: NOTES } },
  ]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  await completedRun(run, llm);
  const sent = llm.chatRequests.length;

  // The first task cannot be re-run "from": nothing comes before it to restore.
  await run.editor.select("research_task");
  const details = run.editor.sidePanel.getByRole("region", { name: "In this run" });
  await expect(details).toContainText("done");
  await expect(details.getByRole("button", { name: "Re-run from this task" })).toHaveCount(0);

  await run.editor.select("write_task");
  await details.getByRole("button", { name: "Re-run from this task" }).click();
  // The re-run is saved as it starts; the first row is done once it has ended (the old run's status would not tell).
  const rows = await run.showHistory();
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("re-run from write_task");
  await expect(rows.first()).toHaveAttribute("data-status", "completed");
  await run.showRunPanel();
  await run.expectRunStatus("completed");
  await expect(run.finalAnswer()).toContainText("second draft");
  await expect(run.runPanel).toContainText("Re-run from write_task");
  for (const id of RESEARCH_WRITER.tasks) await run.expectNodeStatus(id, "done");
  // Restored, not re-run: its node says where its output came from.
  await run.editor.select("research_task");
  await expect(details).toContainText("restored from an earlier run");

  const forked = llm.chatRequests.slice(sent);
  expect(forked.filter(isResearch)).toEqual([]);
  expect(forked).toHaveLength(1);
  expect(promptText(forked[0])).toContain(NOTES);
});
