import { gate } from "./mockLlm/MockLlmServer";
import { expect, promptText, RESEARCH_WRITER, test } from "./runTest";

/** The market research template: three async analyses, then a report that reads all three (under a guardrail). */
const MARKET = {
  title: "Market research",
  analyses: ["market_size_task", "competitors_task", "segments_task"],
  analysts: ["market_analyst", "competitor_analyst", "customer_analyst"],
  /** A phrase of each analysis task's description, so each request can be told apart and answered on its own. */
  prompts: {
    market_size_task: "Estimate the market for",
    competitors_task: "Identify the main direct and indirect competitors",
    segments_task: "Describe the customer segments for",
  },
  reportPrompt: "Combine the market size, competitor and customer segment analyses",
} as const;

const ANSWERS = {
  market_size_task: "SIZE: about 40 million a year, growing 9 percent.",
  competitors_task: "RIVALS: two resellers and one rental start-up.",
  segments_task: "SEGMENTS: start-ups, co-working spaces, remote teams.",
} as const;

test("async tasks run at the same time: three requests in flight, overlapping bars and a speedup on the timeline", async ({ run, llm }) => {
  const analyses = gate();
  llm.script([
    // The guardrail's check of the report: its user message starts with the rule.
    { match: /^Rule: /, reply: { content: '{"pass": true, "reason": "cites all three and recommends"}' } },
    { match: MARKET.reportPrompt, reply: { content: "# Report\n\nGo: cites size, rivals and segments. Recommendation: enter." } },
    // Each analysis streams a little, then waits for the test: all three are surely in flight together.
    ...MARKET.analyses.map((id) => ({
      match: MARKET.prompts[id],
      reply: { content: ANSWERS[id], hold: { afterChunks: 2, until: analyses.promise } },
    })),
  ]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  await run.openTemplate(MARKET.title);
  await run.start();

  // All three analyses, and their analysts, are at work at once; the report waits for them.
  await expect.poll(() => llm.inFlight).toBe(3);
  for (const id of [...MARKET.analyses, ...MARKET.analysts]) await run.expectNodeStatus(id, "running");
  await run.expectNodeStatus("report_task", "queued");
  await run.expectNodeStatus("report_writer", "idle");
  // One request per analysis, each with its own task: none was sent twice, none waited for another.
  expect(llm.chatRequests).toHaveLength(3);
  for (const id of MARKET.analyses)
    expect(
      llm.chatRequests.filter((req) => promptText(req).includes(MARKET.prompts[id])),
      id,
    ).toHaveLength(1);

  analyses.open();
  await run.expectRunStatus("completed");
  for (const id of ["report_task", "report_writer", ...MARKET.analyses, ...MARKET.analysts]) await run.expectNodeStatus(id, "done");
  // Then the report, which was handed all three analyses, and the guardrail's one check of it.
  expect(llm.chatRequests).toHaveLength(5);
  expect(llm.maxInFlight).toBe(3);
  const report = llm.chatRequests.find((req) => promptText(req).includes(MARKET.reportPrompt));
  for (const answer of Object.values(ANSWERS)) expect(promptText(report)).toContain(answer);

  const timeline = await run.showTimeline();
  await expect(timeline).toHaveAttribute("data-status", "completed");
  expect(Number(await timeline.getAttribute("data-peak-concurrency"))).toBeGreaterThanOrEqual(3);
  const stats = timeline.locator(".timeline__stats");
  await expect(stats).toContainText("up to 3 calls at once");
  // Serial time over wall time: the three held calls count three times in the one span of time they shared.
  const speedup = Number(/Speedup ([\d.]+)×/.exec((await stats.textContent()) ?? "")?.[1]);
  expect(speedup).toBeGreaterThan(1);

  // The three analysis bars cover a common stretch of the axis; the report's bar starts after all of them end.
  const span = async (taskId: string) => {
    const box = await timeline.locator(`.timeline__bar[data-kind="task"][data-task="${taskId}"]`).boundingBox();
    if (!box) throw new Error(`no task bar for ${taskId} on the timeline`);
    return { start: box.x, end: box.x + box.width };
  };
  const bars = await Promise.all(MARKET.analyses.map(span));
  const latestStart = Math.max(...bars.map((b) => b.start));
  const earliestEnd = Math.min(...bars.map((b) => b.end));
  expect(latestStart).toBeLessThan(earliestEnd);
  const reportBar = await span("report_task");
  // A pixel of slack: bars are placed at fractional positions and may touch where one ends and the next begins.
  expect(reportBar.start).toBeGreaterThanOrEqual(Math.max(...bars.map((b) => b.end)) - 1);
});

test("Pause holds the next step: no request is sent while paused, Resume carries on to the end", async ({ run, llm, page }) => {
  const research = gate();
  llm.script([
    { match: RESEARCH_WRITER.writerPrompt, reply: { content: "# Tides\n\nAn article built on the notes." } },
    { reply: { content: "NOTES: two arrays run today; cost is the open question.", hold: { afterChunks: 2, until: research.promise } } },
  ]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  await run.openTemplate(RESEARCH_WRITER.title);
  await run.recordStatuses();
  await run.start();

  await run.expectNodeStatus("research_task", "running");
  await expect.poll(() => llm.inFlight).toBe(1);
  await run.pause();
  // The request in flight is not cut off by a pause; the run says it is paused and offers Resume.
  await expect(run.runPanel.locator(".run-panel__status")).toContainText("Paused");
  await expect(run.dock().locator(".run-summary")).toContainText("Paused");
  await expect(run.toolbar.getByRole("button", { name: "Resume", exact: true })).toBeVisible();
  await run.expectRunStatus("running");
  expect(llm.inFlight).toBe(1);

  research.open();
  // The answer in flight completes the research task; the writer's task is held before it starts.
  await run.expectNodeStatus("research_task", "done");
  await expect.poll(() => llm.inFlight).toBe(0);
  // Nothing is due to happen now; a while with nothing sent shows the pause holds (a step would start at once).
  await page.waitForTimeout(1500);
  expect(llm.chatRequests).toHaveLength(1);
  await run.expectNodeStatus("write_task", "queued");
  await run.expectNodeStatus("writer", "idle");
  await expect(run.runPanel.locator(".run-panel__status")).toContainText("Paused");
  expect(await run.statusLog()).not.toContain("write_task:running");

  const resumedAt = Date.now();
  await run.resume();
  await run.expectRunStatus("completed");
  await expect(run.runPanel.locator(".run-panel__status")).toContainText("Done");
  for (const id of [...RESEARCH_WRITER.tasks, ...RESEARCH_WRITER.agents]) await run.expectNodeStatus(id, "done");
  // The writer was sent only after Resume, and with the notes the research task finished while paused.
  expect(llm.chatRequests).toHaveLength(2);
  expect(llm.chatRequests[1]?.receivedAt).toBeGreaterThanOrEqual(resumedAt);
  expect(promptText(llm.chatRequests[1])).toContain(RESEARCH_WRITER.writerPrompt);
  expect(promptText(llm.chatRequests[1])).toContain("NOTES: two arrays run today");
  // Not held, the writer's task may pass from running to done within one render: only its end is certain.
  expect((await run.statusHistory()).write_task?.at(-1)).toBe("done");
});
