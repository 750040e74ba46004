import { expect, test } from "@playwright/test";
import { TEMPLATES } from "../src/model/templates";
import { EditorPage } from "./pages/EditorPage";

test("every template opens as a complete, valid crew", async ({ page }) => {
  const ed = new EditorPage(page);
  await ed.open();
  for (const template of TEMPLATES) {
    await page.getByRole("button", { name: "Templates" }).click();
    await page
      .getByRole("dialog", { name: "Templates" })
      .getByRole("button", { name: `Use template ${template.title}` })
      .click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(new RegExp(`^${escapeRegExp(template.crew.name)}`));
    // A hierarchical crew without a chosen manager also shows the manager the engine generates.
    const generatedManager = template.crew.process === "hierarchical" && !template.crew.settings.managerAgent;
    await expect(ed.nodesOfKind("agent")).toHaveCount(template.crew.agents.length + (generatedManager ? 1 : 0));
    await expect(ed.nodesOfKind("task")).toHaveCount(template.crew.tasks.length);
    await expect(ed.nodesOfKind("tool")).toHaveCount(template.crew.tools.length);
    await expect(ed.problemsButton()).toHaveAttribute("data-count", "0");
    for (const task of template.crew.tasks) {
      if (task.agent) await expect(ed.edge(`performs:${task.id}:${task.agent}`)).toHaveCount(1);
    }
  }
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
