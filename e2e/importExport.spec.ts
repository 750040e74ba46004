import { expect, test } from "@playwright/test";
import { EditorPage } from "./pages/EditorPage";

const broken = JSON.stringify(
  {
    format: "crewdeck.crew",
    version: 1,
    name: "Broken",
    agents: [{ id: "a1", role: 42, goal: "g", backstory: "b" }],
    tasks: [
      { id: "t1", description: "d", expectedOutput: "e", agent: "ghost", context: ["t2"] },
      { id: "t2", description: "d", expectedOutput: "e" },
    ],
    llms: [{ id: "m", model: "x", apiKey: "sk-should-never-be-here" }],
  },
  null,
  2,
);

test("an invalid file is refused with each problem and its path, and nothing changes", async ({ page }) => {
  const ed = new EditorPage(page);
  await ed.open();
  const before = await ed.crewNames();
  const heading = await page.getByRole("heading", { level: 1 }).textContent();
  const nodes = await page.locator(".react-flow__node").count();

  await ed.importFile("broken.crew.json", broken);
  const dialog = page.getByRole("dialog", { name: "Import refused" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("broken.crew.json");
  const problems = dialog.getByRole("list", { name: "Import problems" });
  await expect(problems).toContainText("$.agents[0].role");
  await expect(problems).toContainText("$.llms[0]");
  await expect(problems).toContainText('Unrecognized key: "apiKey"');
  await dialog.getByRole("button", { name: "OK" }).click();
  await expect(dialog).toHaveCount(0);

  // Schema-valid but structurally broken: unknown agent, context from a later task.
  const structural = JSON.parse(broken);
  structural.agents[0].role = "Writer";
  structural.llms = [];
  await ed.importFile("graph.crew.json", JSON.stringify(structural));
  await expect(problems).toContainText("$.tasks[0].agent");
  await expect(problems).toContainText('refers to unknown agent "ghost"');
  await expect(problems).toContainText("$.tasks[0].context[0]");
  await page.keyboard.press("Escape");

  await ed.importFile("syntax.crew.json", '{\n  "format": "crewdeck.crew",\n  "version": 1,,\n}');
  await expect(problems).toContainText("line 3");
  await page.keyboard.press("Escape");

  await ed.importFile("other.json", JSON.stringify({ hello: "world" }));
  await expect(problems).toContainText("not a crewdeck crew");
  await page.keyboard.press("Escape");

  expect(await ed.crewNames()).toEqual(before);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading ?? "");
  await expect(page.locator(".react-flow__node")).toHaveCount(nodes);
});

test("a crew can be imported by pasting JSON and by dropping a file on the canvas", async ({ page }) => {
  const ed = new EditorPage(page);
  await ed.open();
  const { text } = await ed.export();
  const pasted = JSON.parse(text);
  pasted.name = "Pasted crew";
  await page.getByRole("button", { name: "Paste JSON" }).click();
  const dialog = page.getByRole("dialog", { name: "Import crew from JSON" });
  await dialog.getByLabel("Crew JSON").fill(JSON.stringify(pasted));
  await dialog.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pasted crew");

  const dropped = { ...pasted, name: "Dropped crew" };
  const dataTransfer = await page.evaluateHandle((json) => {
    const dt = new DataTransfer();
    dt.items.add(new File([json], "dropped.crew.json", { type: "application/json" }));
    return dt;
  }, JSON.stringify(dropped));
  await page.locator(".canvas").dispatchEvent("drop", { dataTransfer });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dropped crew");
  expect(await ed.crewNames()).toEqual(expect.arrayContaining(["Pasted crew", "Dropped crew"]));
});
