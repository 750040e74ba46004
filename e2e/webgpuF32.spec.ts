import { expect, test } from "@playwright/test";
// @ts-expect-error: a plain .mjs helper shared with the npm script that installs the browser
import { findChromium } from "../scripts/ensureBrowser.mjs";
import { LocalModelsPage } from "./pages/LocalModelsPage";

// The real WebGPU check, with WebGPU switched on in Chromium: in this headless container the adapter is the software
// one (SwiftShader), which has no shader-f16.
test.use({
  launchOptions: {
    executablePath: findChromium() ?? undefined,
    args: [
      "--no-sandbox",
      "--enable-unsafe-webgpu",
      "--use-webgpu-adapter=swiftshader",
      "--disable-background-networking",
      "--no-first-run",
    ],
  },
});

test("the check finds WebGPU without shader-f16 and offers only f32 builds", async ({ page }) => {
  const models = new LocalModelsPage(page);
  await models.run.open();
  await models.open();
  await expect(models.verdict()).toHaveAttribute("data-support", "f32", { timeout: 30_000 });
  await expect(models.verdict()).toContainText("only f32 builds run here");
  // The list comes from web-llm's prebuilt config, loaded as its own chunk once WebGPU is known to work.
  await expect(models.catalog().locator("[data-model]").first()).toBeVisible({ timeout: 30_000 });
  const ids = await models.catalogIds();
  expect(ids.length).toBeGreaterThan(0);
  expect(ids.filter((id) => /f16/.test(id))).toEqual([]);
});
