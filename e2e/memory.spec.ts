import { expect, type Locator, type Page } from "@playwright/test";
import { promptText, test } from "./runTest";

const RESULT = "Ana Lopes recommends the Jardim da Estrela, a calm park in Lisbon.";

/** A one-task crew with the crew's memory on, in the exported format. */
const memoryCrew = {
  format: "crewdeck.crew",
  version: 1,
  name: "Memory walk",
  process: "sequential",
  inputs: { city: "Lisbon" },
  llms: [],
  agents: [{ id: "scout", role: "Scout", goal: "Find quiet places in {city}", backstory: "Lives in {city}." }],
  tasks: [
    { id: "find", name: "Find a quiet place", description: "Find one quiet place in {city}.", expectedOutput: "A place", agent: "scout" },
  ],
  tools: [],
  settings: { memory: true },
};

function memoryDialog(page: Page): Locator {
  return page.getByRole("dialog", { name: "Memory" });
}

async function openMemory(page: Page): Promise<Locator> {
  await page.getByRole("navigation", { name: "Crew actions" }).getByRole("button", { name: "Memory", exact: true }).click();
  await expect(memoryDialog(page)).toBeVisible();
  return memoryDialog(page);
}

test("a crew with memory on remembers run 1 in run 2; memories can be searched and deleted and survive a reload", async ({
  run,
  llm,
  page,
}) => {
  llm.script([
    { match: "quiet place", times: 1, reply: { content: RESULT } },
    { match: "quiet place", reply: { content: "The Jardim da Estrela again." } },
  ]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  await run.importCrew(memoryCrew);

  // Before any run the browser explains that the crew remembers nothing yet.
  let dialog = await openMemory(page);
  await expect(dialog).toContainText("This crew remembers nothing yet.");
  await run.closeDialog(dialog);

  await run.start();
  await run.expectRunStatus("completed");
  expect(promptText(llm.chatRequests[0])).not.toContain("What you remember");
  await run.start();
  await run.expectRunStatus("completed");
  // Checked at the server: run 2's prompt holds what run 1 produced, under its heading.
  expect(llm.chatRequests).toHaveLength(2);
  const second = promptText(llm.chatRequests[1]);
  expect(second).toContain('What you remember:\n- Result of "Find a quiet place": Ana Lopes recommends the Jardim da Estrela');
  const consoleList = await run.showConsole();
  await expect(consoleList).toContainText("Recalled");
  await expect(consoleList).toContainText(/Saved \d+ memories/);

  dialog = await openMemory(page);
  const items = dialog.getByRole("list", { name: "Memories" }).getByRole("listitem");
  await expect(items.first()).toBeVisible();
  const total = await items.count();
  expect(total).toBeGreaterThanOrEqual(5);
  await expect(dialog.locator('[data-kind="entity"]').filter({ hasText: "Ana Lopes" }).first()).toBeVisible();
  // Each memory names the task it came from as the canvas does, by its name.
  await expect(dialog.locator('[data-kind="long-term"]').first()).toContainText('from "Find a quiet place"');

  await dialog.getByLabel("Search memories").fill("Ana Lopes");
  await expect(items.first()).toContainText("Ana Lopes");
  const matches = await items.count();
  expect(matches).toBeLessThan(total);
  const doomed = (await items.first().getAttribute("data-memory")) as string;
  const doomedKind = await items.first().getAttribute("data-kind");
  await items
    .first()
    .getByRole("button", { name: `Delete memory ${doomed}` })
    .click();
  await expect(dialog.locator(`[data-memory="${doomed}"]`)).toHaveCount(0);
  await expect(items).toHaveCount(matches - 1);
  await dialog.getByLabel("Search memories").fill("");
  await expect(items).toHaveCount(total - 1);
  await run.closeDialog(dialog);

  await page.reload();
  await run.expectCrewOpen("Memory walk");
  dialog = await openMemory(page);
  await expect(items).toHaveCount(total - 1);
  await expect(dialog.locator(`[data-memory="${doomed}"]`)).toHaveCount(0);
  await dialog.getByLabel("Filter by kind").selectOption("long-term");
  // One result per run, less the one deleted if it was one of them.
  await expect(items).toHaveCount(doomedKind === "long-term" ? 1 : 2);
  await expect(items.filter({ hasText: "Result of" })).toHaveCount(doomedKind === "long-term" ? 1 : 2);
});

test("with an embedding model, the browser embeds memories at the endpoint; when embeddings fail the run goes on by words", async ({
  run,
  llm,
}) => {
  llm.script([{ match: "quiet place", reply: { content: RESULT } }]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  const crew = {
    ...memoryCrew,
    name: "Memory with embeddings",
    llms: [{ id: "embed", provider: "openai-compatible", model: "mock-embed" }],
    settings: { memory: true, embeddingLlm: "embed" },
  };
  await run.importCrew(crew);

  await run.start();
  await run.expectRunStatus("completed");
  // Checked at the server: the saved memories were embedded with the crew's embedding model, from the page itself.
  const saved = llm.embeddingRequests.map((r) => r.body as { model?: string; input?: string[] });
  expect(saved.length).toBeGreaterThan(0);
  expect(saved.every((b) => b.model === "mock-embed")).toBe(true);
  expect(saved.flatMap((b) => b.input ?? []).some((text) => text.includes("Ana Lopes recommends"))).toBe(true);

  llm.resetCounters();
  await run.start();
  await run.expectRunStatus("completed");
  // Run 2 embedded its query to search and still found run 1's result.
  expect(llm.embeddingRequests.length).toBeGreaterThan(0);
  expect(promptText(llm.chatRequests[0])).toContain('- Result of "Find a quiet place": Ana Lopes recommends');

  llm.resetCounters();
  llm.embeddingsError = { status: 500, message: "embedding model offline" };
  await run.start();
  await run.expectRunStatus("completed");
  expect(promptText(llm.chatRequests[0])).toContain('- Result of "Find a quiet place": Ana Lopes recommends');
  const consoleList = await run.showConsole();
  await expect(consoleList).toContainText("Recalled memories by words only: the embedding model failed");
});
