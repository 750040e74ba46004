import { expect, type Locator, type Page } from "@playwright/test";
import { RunPage } from "./RunPage";

/** TEST-ONLY localStorage key: its JSON scripts the fake in-browser engine (runs) and, in `support`, the fake WebGPU verdict. */
export const FAKE_WEBLLM_FLAG = "crewdeck:test:fake-webllm";

/** A fake engine script as the run worker reads it, plus the WebGPU level the fake model host reports. */
export interface FakeWebLlm {
  support?: "none" | "f32" | "f16";
  /** `hold`: stream the tokens, then keep generating (holding the GPU) until the run is stopped. */
  steps?: { tokens?: string[]; usage?: { prompt_tokens: number; completion_tokens: number }; hold?: boolean }[];
}

/** Page object for in-browser models: the Models dialog's tab, downloads, the cache and the Run dialog's first choice. */
export class LocalModelsPage {
  readonly run: RunPage;

  constructor(readonly page: Page) {
    this.run = new RunPage(page);
  }

  /** Makes every page load of this test use the fake model host and engine. */
  async useFake(fake: FakeWebLlm): Promise<void> {
    await this.page.addInitScript(([key, value]) => localStorage.setItem(key, value), [FAKE_WEBLLM_FLAG, JSON.stringify(fake)] as const);
  }

  /** Opens the Models dialog on its "In-browser models" tab and returns that section. */
  async open(): Promise<Locator> {
    const dialog = await this.run.openModels();
    await dialog.getByRole("tab", { name: "In-browser models" }).click();
    const section = dialog.getByRole("region", { name: "In-browser models" });
    await expect(section).toBeVisible();
    return section;
  }

  verdict(): Locator {
    return this.page.locator(".local-models__verdict, .first-model [data-support]").first();
  }

  catalog(): Locator {
    return this.page.getByRole("list", { name: "Model catalog" });
  }

  catalogRow(modelId: string): Locator {
    return this.catalog().locator(`[data-model="${modelId}"]`);
  }

  /** Model ids of the catalog, in the order shown. */
  async catalogIds(): Promise<string[]> {
    return this.catalog()
      .locator("[data-model]")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-model") ?? ""));
  }

  downloaded(): Locator {
    return this.page.getByRole("list", { name: "Downloaded models" });
  }

  downloadBar(modelId: string): Locator {
    return this.page.locator(`[data-downloading="${modelId}"]`);
  }
}
