import { gate } from "./mockLlm/MockLlmServer";
import { expect, test } from "./runTest";

// The README's picture: set UPDATE_SCREENSHOT=1 (npm run screenshot) to write docs/screenshot.png.
// The trip planner mid-run: its first task done, three scouts at work at once, the timeline showing the overlap.
test("screenshot of a crew running on the canvas", async ({ run, llm, page }) => {
  const release = gate();
  const hold = { afterChunks: 12, until: release.promise };
  llm.script([
    {
      matchAny: "Look for return flights",
      reply: { content: "**Flights**: direct TAP flights from Berlin, from €180 return. Best: TP 541 at 10:05.", chunkDelayMs: 5 },
    },
    {
      matchAny: "Find places to stay",
      reply: {
        content:
          "### Hotels\n- **Memmo Alfama**, rooftop pool, €210/night\n- **The Lumiares**, Bairro Alto, €185\n- **Casa do Principe**, €140",
        hold,
      },
    },
    {
      matchAny: "Suggest activities",
      reply: {
        content:
          "### Things to do\n1. Tram 28 through Alfama at 8:00, before the queues\n2. Pastéis de Belém and the Jerónimos monastery\n3. Sunset at Miradouro da Senhora do Monte",
        hold,
      },
    },
    { reply: { content: "Day 1: arrive, Alfama walk…", hold } },
  ]);
  await run.addEndpoint({ baseUrl: llm.url, model: "gpt-4.1-mini" });
  await run.editor.crewList.getByRole("button", { name: /^Trip planner/ }).click();
  await page.getByRole("button", { name: "Dark theme" }).click();
  await run.start();
  await expect(run.nodeStatus("hotels_task")).toHaveAttribute("data-status", "running");
  await expect(run.nodeStatus("activities_task")).toHaveAttribute("data-status", "running");
  await page.getByRole("tab", { name: "Timeline" }).click();
  await page.waitForTimeout(1200);
  const path = process.env.UPDATE_SCREENSHOT ? "docs/screenshot.png" : test.info().outputPath("running.png");
  await page.screenshot({ path });
  release.open();
});
