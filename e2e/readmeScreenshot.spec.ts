import { test } from "@playwright/test";
import { EditorPage } from "./pages/EditorPage";

// The README's picture: set UPDATE_SCREENSHOT=1 (npm run screenshot) to write docs/screenshot.png.
test("screenshot of the editor with a template open", async ({ page }) => {
  const ed = new EditorPage(page);
  await ed.open();
  // The sample crews a first visit finds are the gallery's templates.
  await ed.crewList.getByRole("button", { name: /^Trip planner/ }).click();
  await page.getByRole("button", { name: "Dark theme" }).click();
  await ed.select("itinerary_task");
  await page.waitForTimeout(400);
  const path = process.env.UPDATE_SCREENSHOT ? "docs/screenshot.png" : test.info().outputPath("editor.png");
  await page.screenshot({ path });
});
