import { readFile } from "node:fs/promises";
import { gate } from "./mockLlm/MockLlmServer";
import { expect, promptText, RESEARCH_WRITER, reviewedCrew, test } from "./runTest";

const NOTES =
  "Tidal stream turbines turn the regular flow of the sea into power. - Two commercial arrays run today. - Output is " +
  "predictable years ahead. Open questions: cost per megawatt-hour and effects on marine life.";
const ARTICLE =
  "# Power from the tides\n\nThe sea moves twice a day, on schedule, and engineers have learned to listen. Two arrays " +
  "already feed the grid; the open questions are what a megawatt-hour will cost and how the turbines share the water.";

test("a template runs task by task: statuses move in order and tokens stream into the running node", async ({ run, llm }) => {
  const research = gate();
  const writing = gate();
  llm.script([
    { match: RESEARCH_WRITER.writerPrompt, reply: { content: ARTICLE, hold: { afterChunks: 6, until: writing.promise } } },
    // Each answer stops half-way until the test has looked: the task is surely at work, its text partly streamed.
    { reply: { content: NOTES, hold: { afterChunks: 4, until: research.promise } } },
  ]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  await run.openTemplate(RESEARCH_WRITER.title);
  await run.recordStatuses();
  await run.start({ topic: "tidal power" });

  await run.expectNodeStatus("research_task", "running");
  await run.expectNodeStatus("researcher", "running");
  await run.expectNodeStatus("write_task", "queued");
  await run.expectNodeStatus("writer", "idle");
  // The first words are on the node before the answer is complete.
  await expect(run.nodeStream("research_task")).toContainText("Tidal stream");
  await expect(run.nodeStream("research_task")).not.toContainText("megawatt");
  expect(llm.chatRequests).toHaveLength(1);

  research.open();
  await run.expectNodeStatus("research_task", "done");
  await run.expectNodeStatus("researcher", "done");
  await run.expectNodeStatus("write_task", "running");
  await run.expectNodeStatus("writer", "running");
  await expect(run.nodeStream("write_task")).toContainText("Power");
  await run.expectRunStatus("running");

  writing.open();
  await run.expectRunStatus("completed");
  for (const id of [...RESEARCH_WRITER.tasks, ...RESEARCH_WRITER.agents]) await run.expectNodeStatus(id, "done");
  const history = await run.statusHistory();
  // The first task may go from idle straight to running: its queued and started events can land in one render.
  expect(history.research_task?.filter((s) => s !== "queued")).toEqual(["running", "done"]);
  expect(history.write_task).toEqual(["queued", "running", "done"]);
  expect(history.researcher).toEqual(["running", "done"]);
  expect(history.writer).toEqual(["running", "done"]);
  const log = await run.statusLog();
  expect(log.indexOf("write_task:running")).toBeGreaterThan(log.indexOf("research_task:done"));
  // The writer was handed the research notes, and its article is the crew's answer.
  expect(llm.chatRequests).toHaveLength(2);
  expect(promptText(llm.chatRequests[1])).toContain("Open questions: cost per megawatt-hour");
  await expect(run.finalAnswer()).toContainText("Power from the tides");
});

test("Stop cancels the request in flight; nothing more is sent and the nodes show cancelled", async ({ run, llm, page }) => {
  // The answer never completes on its own: only Stop can end this call.
  const never = gate();
  llm.script([{ reply: { content: "word0 word1 word2 word3 word4", hold: { afterChunks: 3, until: never.promise } } }]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  await run.openTemplate(RESEARCH_WRITER.title);
  await run.start();

  await expect(run.nodeStream("research_task")).toContainText("word0");
  expect(llm.inFlight).toBe(1);
  const sentBefore = llm.chatRequests.length;
  const stoppedAt = Date.now();
  await run.stop();

  await run.expectRunStatus("cancelled");
  await expect(run.runStatus()).toContainText("Stopped");
  await expect(run.runError()).toHaveText(/stopped by you/);
  await run.showConsole();
  await expect(run.consoleFooter()).toContainText("Cancelled");
  for (const id of ["research_task", "write_task", "researcher"]) await run.expectNodeStatus(id, "cancelled");
  // The writer was never reached.
  await run.expectNodeStatus("writer", "idle");
  await expect(run.toolbar.getByRole("button", { name: "Run", exact: true })).toBeVisible();

  // The browser really hung up on the stream, and no request followed, even a while later.
  await expect.poll(() => llm.inFlight).toBe(0);
  await page.waitForTimeout(1500);
  expect(sentBefore).toBe(1);
  expect(llm.chatRequests).toHaveLength(sentBefore);
  expect(llm.chatRequests.filter((req) => req.receivedAt >= stoppedAt)).toEqual([]);
});

test("a 429 with Retry-After makes the task wait, then it is retried and done", async ({ run, llm }) => {
  const retried = gate();
  llm.script([
    { times: 1, reply: { error: { status: 429, retryAfterSeconds: 1 } } },
    { match: RESEARCH_WRITER.writerPrompt, reply: { content: ARTICLE } },
    { reply: { content: NOTES, hold: { afterChunks: 2, until: retried.promise } } },
  ]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  await run.openTemplate(RESEARCH_WRITER.title);
  await run.recordStatuses();
  await run.start();

  // The retry has arrived and is held: by now the node has been waiting and is at work again.
  await expect.poll(() => llm.chatRequests.length).toBe(2);
  await run.expectNodeStatus("research_task", "running");
  // The waiting lasted the second the endpoint asked for; what came before it may share one render with it.
  expect((await run.statusHistory()).research_task?.slice(-2)).toEqual(["waiting", "running"]);
  expect(promptText(llm.chatRequests[1])).toBe(promptText(llm.chatRequests[0]));

  retried.open();
  await run.expectNodeStatus("research_task", "done");
  await run.expectRunStatus("completed");
  const history = await run.statusHistory();
  expect(history.research_task?.slice(-3)).toEqual(["waiting", "running", "done"]);
  // Not held, the writer's task may pass from running to done within one render; only its order is certain.
  expect(history.write_task?.[0]).toBe("queued");
  expect(history.write_task?.at(-1)).toBe("done");
  // The rate-limited request, its retry, then the writer's; the wait was the one the endpoint asked for.
  expect(llm.chatRequests).toHaveLength(3);
  await expect(await run.showConsole()).toContainText(/retrying in 1(\.0)? s/);
});

test("an endpoint that refuses CORS is explained, with how to fix it, in Test connection and in a run", async ({ run, llm }) => {
  llm.cors = false;
  const status = await run.testConnection({ baseUrl: llm.url, model: "mock-model" });
  await expect(status).toContainText("CORS");
  await expect(status).toContainText("How to fix");
  await expect(status).toContainText("Access-Control-Allow-Origin");
  await expect(status).not.toHaveText(/^\s*Failed to fetch\s*$/);
  await run.closeDialog(run.modelsDialog());

  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  await run.openTemplate(RESEARCH_WRITER.title);
  await run.start();
  await run.expectRunStatus("failed");
  await expect(run.runError()).toContainText("CORS");
  await expect(run.runPanel.getByRole("note")).toContainText("How to fix");
  await expect(run.runPanel.getByRole("note")).toContainText("Access-Control-Allow-Origin");
  await run.expectNodeStatus("research_task", "error");
  // The article was never started: it must not look as if it were still waiting its turn.
  await run.expectNodeStatus("write_task", "skipped");
  // The browser stopped every call at the preflight: not one chat request got through.
  expect(llm.chatRequests).toHaveLength(0);
});

test("a reviewed task pauses the run: Send back re-runs it with the feedback, Approve finishes it", async ({ run, llm }) => {
  const feedback = "Route it along the river instead";
  llm.script([
    { match: feedback, reply: { content: "Draft two: riverside, bridge and harbour." } },
    { reply: { content: "Draft one: cathedral, market and tower." } },
  ]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  await run.importCrew(reviewedCrew("Reviewed walk"));
  await run.start();

  await expect(run.reviewBox).toContainText("Draft one");
  await run.expectNodeStatus("walk", "waiting");
  await run.expectRunStatus("running");
  expect(llm.chatRequests).toHaveLength(1);

  await run.sendBack(feedback);
  await expect(run.reviewBox).toContainText("Draft two");
  await run.expectNodeStatus("walk", "waiting");
  expect(llm.chatRequests).toHaveLength(2);
  // The agent was shown the reviewer's words and its own previous answer.
  expect(promptText(llm.chatRequests[1])).toContain(feedback);
  expect(promptText(llm.chatRequests[1])).toContain("Draft one: cathedral");

  await run.approve();
  await run.expectRunStatus("completed");
  await run.expectNodeStatus("walk", "done");
  await expect(run.finalAnswer()).toContainText("Draft two");
  expect(llm.chatRequests).toHaveLength(2);
});

test("HTML in a model answer is shown inert: no element is made from it and no script runs", async ({ run, llm, page }) => {
  const hostile = 'Stops: <img src=x onerror="window.__pwned=1"> then <script>window.__pwned=2</script> the end.';
  const halfway = gate();
  llm.script([{ reply: { content: hostile, hold: { afterChunks: 10, until: halfway.promise } } }]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  await run.importCrew(reviewedCrew("Hostile walk"));
  await run.start();

  // The node, the review box, the final answer and the console each render the answer.
  await expect(run.nodeStream("walk")).toContainText("<img src=x onerror=");
  halfway.open();
  await expect(run.reviewBox).toContainText("Stops:");
  await run.approve();
  await run.expectRunStatus("completed");
  await expect(run.finalAnswer()).toContainText('<img src=x onerror="window.__pwned=1">');
  await expect(run.finalAnswer()).toContainText("<script>window.__pwned=2</script>");
  await expect(await run.showConsole()).toContainText("Stops:");
  await expect(page.locator("img[src='x'], [onerror], .app script")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test("the API key is sent to the endpoint, shown masked, and never exported", async ({ run, llm, page }) => {
  const key = "sk-test-e2e-SECRET-123";
  llm.script([{ reply: { content: "A short answer." } }]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model", apiKey: key });
  await run.openTemplate(RESEARCH_WRITER.title);
  await run.start();
  await run.expectRunStatus("completed");

  // It really was used: every call carried it.
  expect(llm.chatRequests).toHaveLength(2);
  for (const request of llm.chatRequests) expect(request.headers.authorization).toBe(`Bearer ${key}`);

  const exported = await run.editor.export();
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Control+e")]);
  const shortcut = await readFile(await download.path(), "utf8");
  for (const text of [exported.text, shortcut]) {
    expect(JSON.parse(text)).toMatchObject({ format: "crewdeck.crew", tasks: [{ id: "research_task" }, { id: "write_task" }] });
    expect(text).not.toContain(key);
    expect(text).not.toContain("SECRET");
  }
  // Nor is it in the run log the page keeps.
  const log = await page.evaluate(() => JSON.stringify((window as unknown as Crewdeck).__crewdeck.getState().runEvents));
  expect(log).not.toContain("SECRET");

  const dialog = await run.openModels();
  await expect(run.endpointEntry(llm.url)).toContainText("sk-…-123");
  await expect(dialog).not.toContainText("SECRET");
  const values = await dialog.locator("input").evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
  expect(values.join("\n")).not.toContain("SECRET");
});

/** The store the app exposes under ?test, as far as these tests read it. */
type Crewdeck = { __crewdeck: { getState(): { runEvents: unknown[] } } };
