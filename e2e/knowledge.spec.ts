import { minimalPdf } from "../src/memory/knowledge/testing/minimalPdf";
import { KnowledgePage } from "./pages/KnowledgePage";
import { expect, promptText, test } from "./runTest";

const crew = {
  format: "crewdeck.crew",
  version: 1,
  name: "Harbour desk",
  agents: [{ id: "guide", role: "Harbour guide", goal: "Answer visitors", backstory: "Knows the port." }],
  tasks: [{ id: "ferry", description: "When does the ferry to Vila Nova leave on Sundays?", expectedOutput: "A time", agent: "guide" }],
  tools: [],
};

const MUSEUM = "# Maritime museum\n\nThe maritime museum opens at 10 and closes at 18, except on Mondays when it is closed.\n";
const FERRY_LINE = "The ferry to Vila Nova leaves at 10:40 on Sundays.";

test("uploaded files are indexed in IndexedDB, reach the prompt with their names, and survive a reload", async ({ run, llm, page }) => {
  llm.script([{ reply: { content: "At 10:40 [ferries.pdf]" } }]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  await run.importCrew(crew);
  const knowledge = new KnowledgePage(page);
  const dialog = await knowledge.open();
  await expect(dialog).toContainText("No knowledge yet");
  await expect(dialog.getByRole("region", { name: "Browser storage" })).toContainText(/used of/);

  await knowledge.upload([
    { name: "museum.md", mimeType: "text/markdown", buffer: Buffer.from(MUSEUM) },
    { name: "ferries.pdf", mimeType: "application/pdf", buffer: Buffer.from(minimalPdf([["Sunday timetable", FERRY_LINE]])) },
  ]);
  await knowledge.expectReady("museum.md", 1);
  await knowledge.expectReady("ferries.pdf", 1);
  await expect(knowledge.row("ferries.pdf")).toContainText("Whole crew");
  await knowledge.close();

  await run.start();
  await run.expectRunStatus("completed");
  // The mock server saw the PDF's passage, under its file name, in the task's prompt.
  expect(promptText(llm.chatRequests[0])).toContain(`[ferries.pdf] Sunday timetable\n${FERRY_LINE}`);
  await expect(run.finalAnswer()).toContainText("At 10:40");

  await page.reload();
  await expect(page.locator(".app[data-ready]")).toBeVisible();
  await run.expectCrewOpen("Harbour desk");
  await knowledge.open();
  await knowledge.expectReady("museum.md", 1);
  await knowledge.expectReady("ferries.pdf", 1);

  await knowledge.delete("museum.md");
  await expect(page.getByText("Knowledge source “museum.md” deleted")).toBeVisible();
  await page.reload();
  await expect(page.locator(".app[data-ready]")).toBeVisible();
  await knowledge.open();
  await knowledge.expectReady("ferries.pdf", 1);
  await expect(knowledge.row("museum.md")).toHaveCount(0);
});

test("a file that cannot be read is reported by name and nothing is stored; an agent's inspector adds pasted text for it", async ({
  run,
  page,
}) => {
  await run.importCrew(crew);
  const knowledge = new KnowledgePage(page);
  const dialog = await knowledge.open();
  await knowledge.upload([{ name: "broken.json", mimeType: "application/json", buffer: Buffer.from("{oops") }]);
  await expect(knowledge.row("broken.json").getByRole("alert")).toContainText("broken.json: not valid JSON");
  await dialog.getByRole("button", { name: "Dismiss broken.json" }).click();
  await expect(knowledge.row("broken.json")).toHaveCount(0);

  // Opened from the agent's inspector, new sources are that agent's own.
  await knowledge.close();
  await run.editor.select("guide");
  await page.getByRole("region", { name: "Inspector" }).getByRole("button", { name: "Knowledge…" }).click();
  await expect(dialog.getByLabel("Knowledge for")).toHaveValue("guide");
  await dialog.getByText("Paste text").click();
  await dialog.getByLabel("Source name").fill("Tips");
  await dialog.getByLabel("Text").fill("Buy ferry tickets at the kiosk by the fish market.");
  await dialog.getByRole("button", { name: "Add text" }).click();
  await knowledge.expectReady("Tips", 1);
  await expect(knowledge.row("Tips")).toContainText("Harbour guide");
  await expect(knowledge.row("Tips")).toContainText("pasted");
});
