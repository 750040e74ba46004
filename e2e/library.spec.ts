import { expect, test } from "@playwright/test";
import { EditorPage } from "./pages/EditorPage";

test("a first visit finds sample crews, and a new crew survives a reload", async ({ page }) => {
  const ed = new EditorPage(page);
  await ed.open();
  expect(await ed.crewNames()).toEqual(expect.arrayContaining(["Research & write", "Trip planner"]));

  await ed.newCrew();
  await ed.sidePanel.getByRole("tab", { name: "Crew" }).click();
  await ed.field("Crew name").fill("Kept crew");
  await ed.paletteItem("agent").click();
  await ed.field("Role").fill("Archivist");
  await ed.waitSaved();

  await page.reload();
  await expect(page.locator(".app[data-ready]")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kept crew");
  await expect(ed.node("agent-1")).toContainText("Archivist");
  expect(await ed.crewNames()).toContain("Kept crew");
});

test("rename, duplicate, and delete with undo in the crew list", async ({ page }) => {
  const ed = new EditorPage(page);
  await ed.open();
  await ed.newCrew();
  await ed.crewList.getByRole("button", { name: "Rename Untitled crew" }).click();
  const input = ed.crewList.getByLabel("New name for Untitled crew");
  await input.fill("Renamed crew");
  await input.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Renamed crew");
  await expect.poll(() => ed.crewNames()).toContain("Renamed crew");

  await ed.crewList.getByRole("button", { name: "Duplicate Renamed crew" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Renamed crew (copy)");
  await expect.poll(() => ed.crewNames()).toContain("Renamed crew (copy)");

  await ed.crewList.getByRole("button", { name: "Delete Renamed crew (copy)" }).click();
  await expect.poll(() => ed.crewNames()).not.toContain("Renamed crew (copy)");
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Renamed crew (copy)");
  await ed
    .toast(/Deleted “Renamed crew \(copy\)”/)
    .getByRole("button", { name: "Undo" })
    .click();
  await expect.poll(() => ed.crewNames()).toContain("Renamed crew (copy)");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Renamed crew (copy)");

  // The deletion survives a reload when it is not undone.
  await ed.crewList.getByRole("button", { name: "Delete Renamed crew (copy)" }).click();
  await expect.poll(() => ed.crewNames()).not.toContain("Renamed crew (copy)");
  await page.reload();
  await expect(page.locator(".app[data-ready]")).toBeVisible();
  expect(await ed.crewNames()).not.toContain("Renamed crew (copy)");
  expect(await ed.crewNames()).toContain("Renamed crew");
});

test("copy and paste nodes within a crew and into another crew; select all; delete", async ({ page }) => {
  const ed = new EditorPage(page);
  await ed.open();
  await ed.crewList.getByRole("button", { name: /^Research & write/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Research & write");
  const agents = await ed.nodesOfKind("agent").count();
  await ed.select("researcher");
  await page.keyboard.press("Control+d");
  await expect(ed.nodesOfKind("agent")).toHaveCount(agents + 1);
  await expect(ed.node("researcher-1")).toContainText("Senior research analyst");
  // Within the same crew the copy keeps using the original's tool.
  await expect(ed.node("researcher-1")).toContainText("1 tool");

  await ed.select("researcher");
  await page.keyboard.press("Control+c");
  await ed.newCrew();
  await page.locator(".react-flow__pane").click({ position: { x: 400, y: 300 } });
  await page.keyboard.press("Control+v");
  await expect(ed.nodesOfKind("agent")).toHaveCount(1);
  await expect(ed.node("researcher")).toContainText("Senior research analyst");
  // The tool it used stayed behind in the other crew, so the reference was dropped, not left dangling.
  await expect(ed.node("researcher")).not.toContainText("tool");
  await expect(ed.problemsButton()).toHaveAttribute("data-count", "1");
  await expect(ed.sidePanel.getByText(/unknown/)).toHaveCount(0);
  await page.keyboard.press("Control+v");
  await expect(ed.nodesOfKind("agent")).toHaveCount(2);

  await ed.paletteItem("task").click();
  await page.locator(".react-flow__pane").click({ position: { x: 30, y: 650 } });
  await page.keyboard.press("Control+a");
  await expect(ed.sidePanel.getByText("3 nodes selected")).toBeVisible();
  await page.keyboard.press("Delete");
  await expect(page.locator(".react-flow__node")).toHaveCount(0);
  await expect(page.getByRole("note")).toContainText("An empty crew");
});

test("the theme choice and the open crew are remembered on this device", async ({ page }) => {
  const ed = new EditorPage(page);
  await ed.open();
  await ed.crewList.getByRole("button", { name: /^Trip planner/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Trip planner");
  await page.getByRole("button", { name: "Dark theme" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  // The preference is written to IndexedDB in the background; reload once it is there.
  await expect.poll(() => page.evaluate(readMeta, "theme")).toBe("dark");
  await page.reload();
  await expect(page.locator(".app[data-ready]")).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Trip planner");
  await page.getByRole("button", { name: "Light theme" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
});

test("tasks can be reordered by dragging them in the Order tab", async ({ page }) => {
  const ed = new EditorPage(page);
  await ed.open();
  await ed.crewList.getByRole("button", { name: /^Research & write/ }).click();
  await ed.sidePanel.getByRole("tab", { name: "Order" }).click();
  const rows = ed.sidePanel.locator(".task-order li");
  await expect(rows).toHaveCount(2);
  const first = await rows.nth(0).getAttribute("data-task");
  const second = await rows.nth(1).getAttribute("data-task");
  // The writing task reads the research as context, so dragging it above is refused with the reason...
  await rows.nth(1).dragTo(rows.nth(0));
  await expect(ed.toast(/must stay after it/)).toBeVisible();
  await expect(rows.nth(0)).toHaveAttribute("data-task", first ?? "");
  // ...and allowed once the task no longer reads it.
  await ed.select(second ?? "");
  await ed.sidePanel.getByRole("radio", { name: "None" }).check();
  await ed.sidePanel.getByRole("tab", { name: "Order" }).click();
  await rows.nth(1).dragTo(rows.nth(0));
  await expect(rows.nth(0)).toHaveAttribute("data-task", second ?? "");
  await expect(ed.node(second ?? "").locator(".badge--order")).toHaveText("1");
});

/** Reads a row of the app's `meta` table straight from IndexedDB (runs in the page). */
function readMeta(key: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("crewdeck");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const get = db.transaction("meta").objectStore("meta").get(key);
      get.onsuccess = () => {
        resolve((get.result as { value?: unknown } | undefined)?.value);
        db.close();
      };
      get.onerror = () => reject(get.error);
    };
  });
}
