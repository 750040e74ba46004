import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { gate } from "./mockLlm/MockLlmServer";
import { expect, RESEARCH_WRITER, test } from "./runTest";

const NOTES = "NOTES: two tidal arrays feed the grid today; cost per megawatt-hour is the open question.";
const ARTICLE = "# Power from the tides\n\nThe sea keeps a timetable, and two arrays already sell what it delivers.";
const NODES = [...RESEARCH_WRITER.tasks, ...RESEARCH_WRITER.agents];

test("a reload mid-run leaves the run in History as interrupted, with its log: its replay ends with nothing running", async ({
  run,
  llm,
  page,
}) => {
  // The research answer never completes: the reload is what ends this run.
  const never = gate();
  llm.script([
    { reply: { content: "Tidal stream turbines turn the flow of the sea into power.", hold: { afterChunks: 4, until: never.promise } } },
  ]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  await run.openTemplate(RESEARCH_WRITER.title);
  await run.start({ topic: "tidal power" });
  await expect(run.nodeStream("research_task")).toContainText("Tidal");

  const rows = await run.showHistory();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-status", "running");
  const runId = (await rows.first().getAttribute("data-run")) ?? "";
  // The worker writes the log in batches: reload only once what the test looks for later is surely on disk.
  await expect.poll(() => storedEventTypes(page, runId)).toEqual(expect.arrayContaining(["run.started", "task.started", "llm.token"]));

  await page.reload();
  await expect(page.locator(".app[data-ready]")).toBeVisible();
  await run.expectCrewOpen(RESEARCH_WRITER.title);
  // The browser hung up on the request, and the run was not started again: a reload never sends anything.
  await expect.poll(() => llm.inFlight).toBe(0);
  expect(llm.chatRequests).toHaveLength(1);
  await expect(run.toolbar.getByRole("button", { name: "Run", exact: true })).toBeVisible();

  const after = await run.showHistory();
  await expect(after).toHaveCount(1);
  await expect(after.first()).toHaveAttribute("data-run", runId);
  await expect(after.first()).toHaveAttribute("data-status", "interrupted");
  await expect(after.first().locator(".run-status")).toHaveText("interrupted");

  await after.first().getByRole("button", { name: "Replay" }).click();
  await expect(run.replayBar()).toBeVisible();
  await run.expectRunStatus("interrupted");
  // The saved log ends with the research task at work; replayed, it shows where the run was cut off, not work going on.
  await expect(page.locator('.react-flow__node [data-status="running"]')).toHaveCount(0);
  await expect(page.locator('.react-flow__node [data-status="queued"]')).toHaveCount(0);
  await run.expectNodeStatus("research_task", "cancelled");
  await run.expectNodeStatus("write_task", "cancelled");
  await run.expectNodeStatus("writer", "idle");
  const consoleLog = await run.showConsole();
  const research = consoleLog.locator('.console-section[data-task="research_task"]');
  await expect(research).toContainText("Started");
  await expect(research).toContainText("Tidal");
  await expect(consoleLog.locator('.console-section[data-task="write_task"]')).toHaveCount(0);
  expect(llm.chatRequests).toHaveLength(1);
});

test("a saved run replays without a request: the scrubber shows its start, middle and end; Play reaches the end", async ({
  run,
  llm,
  page,
}) => {
  llm.script([{ match: RESEARCH_WRITER.writerPrompt, reply: { content: ARTICLE } }, { reply: { content: NOTES } }]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  await run.openTemplate(RESEARCH_WRITER.title);
  await run.start();
  await run.expectRunStatus("completed");
  expect(llm.chatRequests).toHaveLength(2);

  const rows = await run.showHistory();
  await expect(rows.first()).toHaveAttribute("data-status", "completed");
  await rows.first().getByRole("button", { name: "Replay" }).click();
  await expect(run.replayBar()).toBeVisible();
  await expect(rows.first().getByRole("button", { name: "Replaying" })).toBeVisible();
  await expect(run.dock().locator(".run-summary")).toContainText("(replay)");
  // A replay opens at the end of the log.
  const events = await replayEvents(page);
  const last = events.length - 1;
  await expect(run.scrubber()).toHaveValue(String(last));
  for (const id of NODES) await run.expectNodeStatus(id, "done");

  // Before the first event: nothing has happened yet.
  await run.scrubTo(-1);
  await expect(run.replayBar()).toContainText(`event 0 of ${events.length}`);
  for (const id of NODES) await run.expectNodeStatus(id, "idle");

  // The moment the writer starts: the research is done, the article under way.
  const writerStarts = events.findIndex((e) => e.type === "task.started" && e.taskId === "write_task");
  expect(writerStarts).toBeGreaterThan(0);
  await run.scrubTo(writerStarts);
  await run.expectNodeStatus("research_task", "done");
  await run.expectNodeStatus("researcher", "done");
  await run.expectNodeStatus("write_task", "running");
  await run.expectNodeStatus("writer", "running");
  await run.expectRunStatus("running");
  // One step back the writer's task has not started yet.
  await run.scrubTo(writerStarts - 1);
  await run.expectNodeStatus("write_task", "queued");

  await run.scrubTo(last);
  for (const id of NODES) await run.expectNodeStatus(id, "done");
  await run.expectRunStatus("completed");

  // Played from the start at the fastest speed, the replay runs to the last event and stops there.
  await run.scrubTo(-1);
  await run.replayBar().getByLabel("Replay speed").selectOption("16");
  await run.replayBar().getByRole("button", { name: "Play replay" }).click();
  await expect(run.replayBar().locator(".replay-bar__time")).toHaveAttribute("data-cursor", String(last));
  await expect(run.replayBar().getByRole("button", { name: "Play replay" })).toBeVisible();
  for (const id of NODES) await run.expectNodeStatus(id, "done");
  await run.expectRunStatus("completed");

  // Closed from its start, the replay gives way to the latest run as it ended.
  await run.scrubTo(-1);
  await run.replayBar().getByRole("button", { name: "Close replay" }).click();
  await expect(run.replayBar()).toHaveCount(0);
  await expect(run.dock().locator(".run-summary")).not.toContainText("replay");
  await expect(run.runPanel.locator(".run-panel__status")).not.toContainText("replay");
  for (const id of NODES) await run.expectNodeStatus(id, "done");
  await run.expectRunStatus("completed");
  await expect(rows.first().getByRole("button", { name: "Replay", exact: true })).toBeVisible();
  // Nothing of the replay went to the endpoint.
  expect(llm.chatRequests).toHaveLength(2);
  expect(llm.inFlight).toBe(0);
});

test("Export of a saved run downloads its record and every event, without the API key", async ({ run, llm, page }) => {
  const key = "sk-crewdeck-RUNEXPORT-7f3a9c41";
  // The writer echoes the key: even then it must not reach the file (the run log holds every streamed token).
  llm.script([
    { match: RESEARCH_WRITER.writerPrompt, reply: { content: `${ARTICLE}\n\nKey seen: ${key}` } },
    { reply: { content: NOTES } },
  ]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model", apiKey: key });
  await run.openTemplate(RESEARCH_WRITER.title);
  await run.start();
  await run.expectRunStatus("completed");
  for (const request of llm.chatRequests) expect(request.headers.authorization).toBe(`Bearer ${key}`);
  const liveEvents = await page.evaluate(() => (window as unknown as Crewdeck).__crewdeck.getState().runEvents.length);

  const rows = await run.showHistory();
  await expect(rows.first()).toHaveAttribute("data-status", "completed");
  const runId = await rows.first().getAttribute("data-run");
  const [download] = await Promise.all([page.waitForEvent("download"), rows.first().getByRole("button", { name: "Export" }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.run-[\d-T]+\.json$/);
  const text = await readFile(await download.path(), "utf8");
  expect(text).not.toContain(key);
  expect(text).not.toContain("RUNEXPORT");

  const file = JSON.parse(text) as { format: string; version: number; run: Record<string, unknown>; events: LoggedEvent[] };
  expect(file).toMatchObject({
    format: "crewdeck.run",
    version: 1,
    run: { id: runId, status: "completed", crewName: expect.stringMatching(/^Research & write/) },
  });
  // The whole log, in order, as the page saw it live: from run.started to run.completed, both tasks in between.
  expect(file.events).toHaveLength(liveEvents);
  expect(file.events.map((e) => e.seq)).toEqual(file.events.map((_, i) => i + 1));
  expect(file.events[0]?.type).toBe("run.started");
  expect(file.events.at(-1)?.type).toBe("run.completed");
  const started = file.events.filter((e) => e.type === "task.started").map((e) => e.taskId);
  expect(started).toEqual([...RESEARCH_WRITER.tasks]);
  const completed = file.events.filter((e) => e.type === "task.completed");
  expect(JSON.stringify(completed[0])).toContain("NOTES: two tidal arrays");
  // The echoed answer is there, with the key taken out of it.
  expect(JSON.stringify(completed[1])).toContain("Key seen:");
});

/** An event of a run log, as far as these tests read it. */
type LoggedEvent = { type: string; seq: number; taskId?: string };

/** The store the app exposes under ?test, as far as these tests read it. */
type Crewdeck = { __crewdeck: { getState(): { runEvents: unknown[]; replay: { events: LoggedEvent[] } | null } } };

/** The event log of the replay open in the page (to find where in it something happened). */
function replayEvents(page: Page): Promise<LoggedEvent[]> {
  return page.evaluate(() =>
    ((window as unknown as Crewdeck).__crewdeck.getState().replay?.events ?? []).map(({ type, seq, taskId }) => ({ type, seq, taskId })),
  );
}

/** The types of a run's events as stored in the app's IndexedDB, in order: what survives the tab going away. */
function storedEventTypes(page: Page, runId: string): Promise<string[]> {
  return page.evaluate(
    (id) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open("crewdeck");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const read = db.transaction("runEvents").objectStore("runEvents").index("runId").getAll(id);
          read.onerror = () => reject(read.error);
          read.onsuccess = () => {
            db.close();
            // A row holds a written batch of events (or, from before batches, one event).
            type Logged = { seq: number; type: string };
            const rows = read.result as { event?: Logged; events?: Logged[] }[];
            const events = rows.flatMap((r) => r.events ?? (r.event ? [r.event] : []));
            resolve(events.sort((a, b) => a.seq - b.seq).map((e) => e.type));
          };
        };
      }),
    runId,
  );
}
