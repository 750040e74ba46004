import { expect, promptText, test } from "./runTest";

/** The data analyst template plans first, then skips its conditional note when the check dropped nothing. */
const PLANS = {
  plans: [
    { taskId: "check_ages", plan: "1. Split the list on commas\n2. Keep whole numbers from 0 to 120" },
    { taskId: "explain_dropped", plan: "1. List each dropped value\n2. Suggest a fix" },
    { taskId: "average_age", plan: "1. Add the clean ages\n2. Divide by their count" },
  ],
};

test("planning puts a plan on each task node and in its prompt; a condition that fails skips its task with no request", async ({
  run,
  llm,
}) => {
  llm.script([
    { matchAny: /You plan the work of a crew/, reply: { content: JSON.stringify(PLANS) } },
    { matchAny: /You decide whether a condition holds/, reply: { content: '{"pass": false, "reason": "every value was kept"}' } },
    { matchAny: /JSON Schema/, reply: { content: '{"average": 30, "count": 3, "working": "90 / 3"}' } },
    { reply: { content: "Clean list: 20, 30, 40. Nothing was dropped." } },
  ]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  await run.openTemplate("Data analyst");
  await run.start({ ages: "20, 30, 40" });
  await run.expectRunStatus("completed");

  // The planner was asked once, first; each task that ran had its own plan in its prompt.
  const requests = llm.chatRequests.map(promptText);
  expect(requests[0]).toContain("You plan the work of a crew");
  const check = requests.slice(1).find((r) => r.includes("Here are the ages of the participants"));
  expect(check).toContain("Split the list on commas");
  expect(requests.slice(1).some((r) => r.includes("The data check left some values out"))).toBe(false);

  await expect(run.editor.node("check_ages").locator(".crew-node__plan")).toContainText("(2 steps) Split the list on commas");
  await expect(run.editor.node("average_age").locator(".crew-node__plan")).toContainText("Add the clean ages");
  await run.expectNodeStatus("check_ages", "done");
  await run.expectNodeStatus("explain_dropped", "skipped");
  await run.expectNodeStatus("average_age", "done");
  await expect(run.editor.node("explain_dropped").locator(".badge--condition")).toHaveAttribute("title", /Skipped: every value was kept/);
  // The stored description is untouched by the plan.
  await run.editor.node("check_ages").click();
  await expect(run.page.getByLabel("Description", { exact: true })).not.toHaveValue(/Split the list on commas/);
});
