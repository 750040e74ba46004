import { expect, type Locator, type Page } from "@playwright/test";

/** A file to upload, made in the test. */
export interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** The Knowledge dialog: upload files through the file chooser, read the source rows, delete. */
export class KnowledgePage {
  constructor(readonly page: Page) {}

  dialog(): Locator {
    return this.page.getByRole("dialog", { name: "Knowledge" });
  }

  async open(): Promise<Locator> {
    await this.page.getByRole("navigation", { name: "Crew actions" }).getByRole("button", { name: "Knowledge" }).click();
    await expect(this.dialog()).toBeVisible();
    return this.dialog();
  }

  async close(): Promise<void> {
    await this.dialog().getByRole("button", { name: "Close" }).click();
    await expect(this.dialog()).toHaveCount(0);
  }

  /** Uploads files the way a person does: the Upload button opens the system file chooser. */
  async upload(files: UploadFile[]): Promise<void> {
    const chooser = this.page.waitForEvent("filechooser");
    await this.dialog().getByRole("button", { name: "Upload files…" }).click();
    await (await chooser).setFiles(files);
  }

  row(name: string): Locator {
    return this.dialog().locator(`tr[data-source="${name}"]`);
  }

  /** Waits for a source to be indexed and stored, with this many chunks. */
  async expectReady(name: string, chunks: number): Promise<void> {
    await expect(this.row(name).locator("[data-status]")).toHaveAttribute("data-status", "ready", { timeout: 20_000 });
    await expect(this.row(name).locator("[data-chunks]")).toHaveText(String(chunks));
  }

  async delete(name: string): Promise<void> {
    await this.dialog()
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    await expect(this.row(name)).toHaveCount(0);
  }
}
