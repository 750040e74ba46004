import { expect, test } from "@playwright/test";
import { EditorPage } from "./pages/EditorPage";

test("build a crew by drag and drop, fix its problems, undo/redo, export and re-import it", async ({ page }) => {
  const ed = new EditorPage(page);
  await ed.open();
  await ed.newCrew();
  await expect(page.getByRole("note")).toContainText("An empty crew");

  await ed.dragFromPalette("agent", { x: 380, y: 160 });
  await ed.dragFromPalette("task", { x: 760, y: 160 });
  await ed.dragFromPalette("calculator", { x: 120, y: 420 });
  for (const kind of ["agent", "task", "tool"] as const) {
    await expect(ed.nodesOfKind(kind)).toHaveCount(1);
    await expect(ed.nodesOfKind(kind)).toHaveAttribute("data-status", "idle");
  }
  await expect(page.getByRole("note")).toHaveCount(0);

  // A fresh agent is incomplete: the problem shows on the node and inline in the inspector.
  await ed.select("agent-1");
  await expect(ed.node("agent-1").locator("[data-kind=agent]")).toHaveAttribute("data-invalid", "true");
  await expect(ed.sidePanel.getByText('agent "agent-1" needs a role')).toBeVisible();
  await expect(ed.field("Role")).toHaveAttribute("aria-invalid", "true");

  await ed.connect({ node: "task-1", handle: "agent" }, { node: "agent-1", handle: "tasks" });
  await expect(ed.edge("performs:task-1:agent-1")).toHaveCount(1);
  await ed.connect({ node: "tool-1", handle: "out" }, { node: "agent-1", handle: "in" });
  await expect(ed.edge("uses:tool-1:agent-1")).toHaveCount(1);

  // A connection that means nothing is refused with the reason.
  await ed.connect({ node: "tool-1", handle: "out" }, { node: "agent-1", handle: "in" });
  await expect(ed.toast(/already uses this tool/)).toBeVisible();

  await ed.select("agent-1");
  await ed.field("Role").fill("Statistician");
  await ed.field("Goal").fill("Work out summary statistics of {ages} exactly");
  await ed.field("Backstory").fill("A careful analyst who always shows the working.");
  await expect(ed.sidePanel.getByText('agent "agent-1" needs a role')).toHaveCount(0);
  await expect(ed.field("Role")).not.toHaveAttribute("aria-invalid", "true");
  await expect(ed.node("agent-1")).toContainText("Statistician");

  // Number fields are checked by the schema before anything changes.
  await ed.field("Max iterations").fill("0");
  await expect(ed.sidePanel.getByRole("alert")).toContainText("Too small");
  await ed.field("Max iterations").fill("12");
  await expect(ed.field("Max iterations")).not.toHaveAttribute("aria-invalid", "true");

  await ed.select("task-1");
  await expect(ed.sidePanel.getByText(/needs a description/)).toBeVisible();
  await ed.field("Description").fill("Compute the average age of the participants: {ages}");
  await ed.field("Expected output").fill("The average age with the working");
  await expect(ed.problemsButton()).toHaveAttribute("data-count", "0");
  await expect(ed.node("task-1")).toContainText("by Statistician");

  // Undo and redo, from the keyboard, outside text fields.
  await ed.select("tool-1");
  await page.keyboard.press("Delete");
  await expect(ed.nodesOfKind("tool")).toHaveCount(0);
  await expect(ed.edge("uses:tool-1:agent-1")).toHaveCount(0);
  await page.keyboard.press("Control+z");
  await expect(ed.nodesOfKind("tool")).toHaveCount(1);
  await expect(ed.edge("uses:tool-1:agent-1")).toHaveCount(1);
  await page.keyboard.press("Control+Shift+z");
  await expect(ed.nodesOfKind("tool")).toHaveCount(0);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(ed.nodesOfKind("tool")).toHaveCount(1);

  // Undo also reverts a text edit, as one step.
  await ed.select("agent-1");
  await ed.field("Role").fill("Data analyst");
  await expect(ed.node("agent-1")).toContainText("Data analyst");
  await page.keyboard.press("Escape");
  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 600 } });
  await page.keyboard.press("Control+z");
  await expect(ed.node("agent-1")).toContainText("Statistician");
  await page.keyboard.press("Control+y");
  await expect(ed.node("agent-1")).toContainText("Data analyst");

  await ed.sidePanel.getByRole("tab", { name: "Crew" }).click();
  await ed.field("Crew name").fill("Age statistics");
  await ed.waitSaved();

  const first = await ed.export();
  expect(first.download.suggestedFilename()).toBe("age-statistics.crew.json");
  const doc = JSON.parse(first.text);
  expect(doc).toMatchObject({ format: "crewdeck.crew", version: 1, name: "Age statistics" });
  expect(doc.agents).toEqual([expect.objectContaining({ id: "agent-1", role: "Data analyst", maxIter: 12, tools: ["tool-1"] })]);
  expect(doc.tasks).toEqual([expect.objectContaining({ id: "task-1", agent: "agent-1" })]);
  expect(doc.tools).toEqual([expect.objectContaining({ id: "tool-1", kind: "builtin", name: "calculator" })]);
  expect(Object.keys(doc.layout).sort()).toEqual(["agent-1", "task-1", "tool-1"]);
  expect(first.text.endsWith("}\n")).toBe(true);

  await ed.importFile(first.download.suggestedFilename(), first.text);
  await expect(ed.toast(/Imported “Age statistics”/)).toBeVisible();
  expect((await ed.crewNames()).filter((n) => n === "Age statistics")).toHaveLength(2);
  await expect(ed.nodesOfKind("agent")).toHaveCount(1);
  const again = await ed.export();
  expect(again.text).toBe(first.text);
});

test("refuses task order changes that would put a task before its context", async ({ page }) => {
  const ed = new EditorPage(page);
  await ed.open();
  await ed.newCrew();
  await ed.paletteItem("task").click();
  await ed.paletteItem("task").click();
  await expect(ed.nodesOfKind("task")).toHaveCount(2);
  await expect(ed.node("task-1").locator(".badge--order")).toHaveText("1");
  await expect(ed.node("task-2").locator(".badge--order")).toHaveText("2");
  await page.getByRole("button", { name: "Tidy up" }).click();

  // Dragging from the later task to the earlier one still means "task-2 reads task-1".
  await ed.connect({ node: "task-2", handle: "ctx-in" }, { node: "task-1", handle: "ctx-out" });
  await expect(ed.edge("context:task-1:task-2")).toHaveCount(1);
  await ed.connect({ node: "task-1", handle: "ctx-out" }, { node: "task-2", handle: "ctx-in" });
  await expect(ed.toast(/already uses the output/)).toBeVisible();

  await ed.sidePanel.getByRole("tab", { name: "Order" }).click();
  await ed.sidePanel.getByRole("button", { name: "Move task-2 up" }).click();
  await expect(ed.toast(/must stay after it/)).toBeVisible();
  await expect(ed.node("task-2").locator(".badge--order")).toHaveText("2");

  // Without the context edge the move is allowed, and the numbers on the canvas follow.
  await page.keyboard.press("Escape");
  await expect(page.locator(".react-flow__node.selected")).toHaveCount(0);
  await ed.edge("context:task-1:task-2").focus();
  await page.keyboard.press("Enter");
  await expect(ed.edge("context:task-1:task-2")).toHaveClass(/selected/);
  await page.keyboard.press("Delete");
  await expect(ed.edge("context:task-1:task-2")).toHaveCount(0);
  await ed.sidePanel.getByRole("button", { name: "Move task-2 up" }).click();
  await expect(ed.node("task-2").locator(".badge--order")).toHaveText("1");
  await expect(ed.node("task-1").locator(".badge--order")).toHaveText("2");
});
