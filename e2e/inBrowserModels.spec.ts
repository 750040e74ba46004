import { expect, test } from "@playwright/test";
import { LocalModelsPage } from "./pages/LocalModelsPage";

// The fake model host (TEST-ONLY, loaded through the localStorage flag) lists three models: Fake Small 1B (f32,
// recommended, 60 MB), Fake Tiny 0.5B (f16, recommended, 30 MB) and Fake Big 7B (f16, 4.2 GB); downloads advance in
// ten steps of 300 ms (3 s for Fake Big 7B).

test("the picker lists recommended models first; a download shows progress and can be cancelled; the cache lists and deletes", async ({
  page,
}) => {
  const models = new LocalModelsPage(page);
  await models.useFake({ support: "f16" });
  await models.run.open();
  const section = await models.open();
  await expect(models.verdict()).toHaveAttribute("data-support", "f16");
  await expect(models.verdict()).toContainText("WebGPU is available (fake-gpu)");
  await expect(models.catalog().locator("[data-model]")).toHaveCount(3);
  expect(await models.catalogIds()).toEqual(["Fake-Small-1B-q4f32_1-MLC", "Fake-Tiny-0.5B-q4f16_1-MLC", "Fake-Big-7B-q4f16_1-MLC"]);
  const big = models.catalogRow("Fake-Big-7B-q4f16_1-MLC");
  await expect(big).toContainText("4.1 GB download");
  await expect(big).toContainText("needs 5.0 GB of GPU memory");
  await expect(models.catalogRow("Fake-Small-1B-q4f32_1-MLC")).toContainText("recommended for agents");
  await expect(section).toContainText("No model downloaded yet.");

  // Cancel part-way: the bar has moved, then goes away, and nothing is cached.
  await big.getByRole("button", { name: "Download Fake Big 7B" }).click();
  const bar = models.downloadBar("Fake-Big-7B-q4f16_1-MLC");
  await expect(bar).toContainText(/[1-9]\d* MB of 4\.1 GB · \d+\.\d MB\/s/);
  await expect(bar.getByRole("progressbar")).not.toHaveAttribute("value", "0");
  await bar.getByRole("button", { name: "Cancel download of Fake Big 7B" }).click();
  await expect(bar).toHaveCount(0);
  await expect(big.getByRole("button", { name: "Download Fake Big 7B" })).toBeVisible();
  await expect(section).toContainText("No model downloaded yet.");
  await expect(section.getByRole("alert")).toHaveCount(0);

  // A full download lands in the cache with its disk use, and can be deleted.
  const small = models.catalogRow("Fake-Small-1B-q4f32_1-MLC");
  await small.getByRole("button", { name: "Download Fake Small 1B" }).click();
  await expect(models.downloadBar("Fake-Small-1B-q4f32_1-MLC")).toContainText("of 60 MB");
  await expect(small).toContainText("downloaded");
  await expect(models.downloadBar("Fake-Small-1B-q4f32_1-MLC")).toHaveCount(0);
  const cached = models.downloaded().locator('[data-cached="Fake-Small-1B-q4f32_1-MLC"]');
  await expect(cached).toContainText("60 MB on disk");
  await cached.getByRole("button", { name: "Delete downloaded model Fake-Small-1B-q4f32_1-MLC" }).click();
  await expect(models.downloaded()).toHaveCount(0);
  await expect(section).toContainText("No model downloaded yet.");
});

test("a self-hosted model is validated, then joins the catalog and the model config picker", async ({ page }) => {
  const models = new LocalModelsPage(page);
  await models.useFake({ support: "f16" });
  await models.run.open();
  await models.open();
  const form = page.getByRole("form", { name: "Add a self-hosted model" });
  await form.getByLabel("Model id").fill("Home-3B-q4f32_1-MLC");
  await form.getByLabel("Model URL").fill("nas.local/home-3b");
  await form.getByLabel("Model library URL").fill("http://nas.local/libs/home-3b.wasm");
  await form.getByRole("button", { name: "Add model" }).click();
  await expect(form.getByRole("alert")).toHaveText('model URL is not a URL: "nas.local/home-3b"');
  await form.getByLabel("Model URL").fill("http://nas.local/home-3b/");
  await form.getByRole("button", { name: "Add model" }).click();
  await expect(form.getByRole("alert")).toHaveCount(0);
  await expect(models.catalogRow("Home-3B-q4f32_1-MLC")).toContainText("self-hosted");
  await models.run.closeDialog(models.run.modelsDialog());

  // A crew's in-browser model config picks from the same catalog.
  const editor = models.run.editor;
  await editor.sidePanel.getByRole("tab", { name: "Crew" }).click();
  await editor.sidePanel.getByRole("button", { name: "+ Add model config" }).click();
  const card = editor.sidePanel.locator(".llm-card").last();
  await card.getByLabel("Provider").selectOption({ label: "In-browser (WebLLM)" });
  const picker = card.getByLabel("Model", { exact: true });
  await expect(picker.locator("option")).toContainText(["Fake Small 1B (recommended) · 60 MB download"]);
  await picker.selectOption("Home-3B-q4f32_1-MLC");
  await expect(picker).toHaveValue("Home-3B-q4f32_1-MLC");
});

test("with WebGPU but no shader-f16 only f32 builds are offered, and the verdict says why", async ({ page }) => {
  const models = new LocalModelsPage(page);
  await models.useFake({ support: "f32" });
  await models.run.open();
  await models.open();
  await expect(models.verdict()).toHaveAttribute("data-support", "f32");
  await expect(models.verdict()).toContainText("without 16-bit shaders (shader-f16): only f32 builds run here");
  expect(await models.catalogIds()).toEqual(["Fake-Small-1B-q4f32_1-MLC"]);
});

test("a new user with no endpoint runs a template in this tab: one click downloads the recommended model and runs", async ({ page }) => {
  const models = new LocalModelsPage(page);
  const usage = { prompt_tokens: 1_000_000, completion_tokens: 250_000 };
  await models.useFake({
    support: "f16",
    steps: [
      { tokens: ["Thought: I have the facts.\n", "Final Answer: ", "Tidal notes: two arrays run today."], usage },
      { tokens: ["# Power from ", "the tides\n\nTwo arrays already feed the grid."], usage },
    ],
  });
  const run = models.run;
  await run.open();
  await run.openTemplate("Research & write");
  await run.toolbar.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = run.runDialog();
  const choice = dialog.getByRole("region", { name: "Choose a model" });
  await expect(choice.getByRole("button", { name: "OpenAI" })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Start run" })).toBeDisabled();
  await choice.getByRole("button", { name: "Run in this tab with Fake Small 1B (60 MB download)" }).click();
  await expect(dialog.locator('[data-downloading="Fake-Small-1B-q4f32_1-MLC"]')).toContainText("of 60 MB");
  await expect(dialog).toHaveCount(0);
  await run.expectRunStatus("completed");
  await expect(run.finalAnswer()).toContainText("Power from the tides");
  // Both agents ran on the in-browser model: badges on the canvas, and the summary counts the calls kept on the device.
  for (const agent of ["researcher", "writer"]) await expect(run.editor.node(agent)).toContainText("on device");
  const onDevice = page.locator("[data-on-device]").first();
  await expect(onDevice).toHaveAttribute("data-on-device", "2");
  // 2M prompt + 0.5M completion tokens at gpt-4.1-mini's $0.40 / $1.60 per million.
  await expect(onDevice).toContainText("2 calls on this device (≈ $1.60 on gpt-4.1-mini)");

  // The choice is remembered: another template runs on the same model without asking.
  await run.openTemplate("Trip planner");
  await run.toolbar.getByRole("button", { name: "Run", exact: true }).click();
  await expect(run.runDialog().getByRole("region", { name: "Choose a model" })).toHaveCount(0);
  await expect(run.runDialog()).toContainText("Agents without a model run in this tab on Fake-Small-1B-q4f32_1-MLC");
});

test("a download waits while a run's model holds the GPU, and a run waits for a download (one Web Lock for both)", async ({ page }) => {
  // Two runs and three downloads one after another, two of them waiting for the other's turn.
  test.setTimeout(150_000);
  const models = new LocalModelsPage(page);
  // Every run's first model call streams, then keeps generating until the run is stopped.
  await models.useFake({ support: "f16", steps: [{ tokens: ["Thought: still thinking"], hold: true }] });
  const run = models.run;
  await run.open();
  await run.openTemplate("Research & write");
  await run.toolbar.getByRole("button", { name: "Run", exact: true }).click();
  await run
    .runDialog()
    .getByRole("region", { name: "Choose a model" })
    .getByRole("button", { name: "Run in this tab with Fake Small 1B (60 MB download)" })
    .click();
  await run.expectRunStatus("running");
  await expect(page.locator(".crew-node__stream").first()).toContainText("still thinking", { timeout: 30_000 });

  // The run's model holds the GPU: a download from the picker waits, says why, and can still be cancelled.
  await models.open();
  const tiny = models.catalogRow("Fake-Tiny-0.5B-q4f16_1-MLC");
  await tiny.getByRole("button", { name: "Download Fake Tiny 0.5B" }).click();
  const bar = models.downloadBar("Fake-Tiny-0.5B-q4f16_1-MLC");
  await expect(bar.getByRole("status")).toHaveText(
    "Waiting for the GPU: a run is using an in-browser model; the download starts when it ends",
  );
  await page.waitForTimeout(1000);
  await expect(bar).not.toContainText("MB/s");
  await models.run.closeDialog(models.run.modelsDialog());
  await run.stop();
  await run.expectRunStatus("cancelled");
  // The run let go of the GPU: the download goes on and lands in the cache.
  const section = await models.open();
  await expect(
    section.getByRole("list", { name: "Downloaded models" }).locator('[data-cached="Fake-Tiny-0.5B-q4f16_1-MLC"]'),
  ).toBeVisible();

  // The other way round: a run started while a download goes waits for it, then goes.
  const big = models.catalogRow("Fake-Big-7B-q4f16_1-MLC");
  await big.getByRole("button", { name: "Download Fake Big 7B" }).click();
  await expect(models.downloadBar("Fake-Big-7B-q4f16_1-MLC")).toContainText("MB/s");
  await models.run.closeDialog(models.run.modelsDialog());
  await run.toolbar.getByRole("button", { name: "Run", exact: true }).click();
  await run.runDialog().getByRole("button", { name: "Start run" }).click();
  // A run's worker takes a while to start on a busy machine; the download (30 s) is still going when it asks for the GPU.
  await expect(run.editor.toast(/Waiting for the GPU: another run or a model download is using an in-browser model/)).toBeVisible({
    timeout: 20_000,
  });
  await run.expectRunStatus("running");
  await expect(page.locator(".crew-node__stream")).toHaveCount(0);
  // Cancelling the download gives the GPU to the run: its model starts generating.
  await models.open();
  await models.downloadBar("Fake-Big-7B-q4f16_1-MLC").getByRole("button", { name: "Cancel download of Fake Big 7B" }).click();
  await models.run.closeDialog(models.run.modelsDialog());
  await expect(page.locator(".crew-node__stream").first()).toContainText("still thinking", { timeout: 20_000 });
  await run.stop();
  await run.expectRunStatus("cancelled");
});
