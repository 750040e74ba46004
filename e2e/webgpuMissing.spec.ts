import { expect, test } from "@playwright/test";
import { LocalModelsPage } from "./pages/LocalModelsPage";

// The real WebGPU check (no fake flag): headless Chromium as configured (--disable-gpu) has no WebGPU.

test.describe("without WebGPU", () => {
  test("the Models dialog says why in-browser models cannot run and what helps", async ({ page }) => {
    const models = new LocalModelsPage(page);
    await models.run.open();
    const section = await models.open();
    await expect(models.verdict()).toHaveAttribute("data-support", "none");
    await expect(models.verdict()).toContainText("In-browser models cannot run here");
    // Headless Chromium has navigator.gpu but no adapter; either way the advice names the flag that helps.
    await expect(models.verdict()).toContainText("chrome://flags/#enable-unsafe-webgpu");
    await expect(section.getByRole("list", { name: "Model catalog" })).toHaveCount(0);
  });

  test("a new user pressing Run gets the endpoint presets, and a preset opens the Models dialog on it", async ({ page }) => {
    const models = new LocalModelsPage(page);
    const run = models.run;
    await run.open();
    await run.openTemplate("Research & write");
    await run.toolbar.getByRole("button", { name: "Run", exact: true }).click();
    const choice = run.runDialog().getByRole("region", { name: "Choose a model" });
    await expect(choice.locator("[data-support]")).toHaveAttribute("data-support", "none");
    await expect(choice.getByRole("button", { name: /Run in this tab/ })).toHaveCount(0);
    await choice.getByRole("button", { name: "OpenAI" }).click();
    const form = run.modelsDialog().getByRole("form", { name: "Add an endpoint" });
    await expect(form.getByLabel("Service")).toHaveValue("openai");
    await expect(form.getByLabel("Base URL", { exact: true })).toHaveValue("https://api.openai.com/v1");
  });
});
