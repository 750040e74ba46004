import { expect, type Locator } from "@playwright/test";
import type { RunPage } from "./RunPage";

/** Page object for batches (the Run dialog's Batch mode, the dock's Batch tab) and runs of several crews at once. */
export class BatchPage {
  constructor(readonly run: RunPage) {}

  /**
   * Starts a batch from the Run dialog's Batch mode: pastes the rows as CSV (a header row naming the inputs) and sets
   * how many runs go at once; the dock's Batch tab opens.
   */
  async start(csv: string, concurrency?: number): Promise<void> {
    await this.run.toolbar.getByRole("button", { name: "Run", exact: true }).click();
    const dialog = this.run.runDialog();
    await dialog.getByRole("tab", { name: "Batch" }).click();
    await dialog.getByRole("button", { name: "Paste CSV" }).click();
    await dialog.getByLabel("CSV, with a header row").fill(csv);
    await dialog.getByRole("button", { name: "Use these rows" }).click();
    if (concurrency !== undefined) await dialog.getByLabel("Runs at once").fill(String(concurrency));
    await dialog.getByRole("button", { name: "Start batch" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(this.summary()).toBeVisible();
  }

  /** The Batch tab's summary of the open crew's latest batch (`data-state`: running, stopped or ended). */
  summary(): Locator {
    return this.run.dock().getByRole("region", { name: "Batch summary" });
  }

  /** Opens the Batch tab; returns the summary's rows, one per input in order (`data-row` from 1, `data-status`, `data-run`). */
  async rows(): Promise<Locator> {
    await this.run.showDockTab("Batch");
    return this.summary().locator("tbody tr[data-row]");
  }

  /** Opens History; returns its "Running now" rows: every run going in the tab, any crew (`data-crew`, `data-status`). */
  async runningNow(): Promise<Locator> {
    await this.run.showDockTab("History");
    return this.run.dock().getByRole("region", { name: "Running now" }).locator("li[data-live-run]");
  }

  /** A crew's entry in the crew list; `data-run-state` says running, paused or review while a run of it goes. */
  crewEntry(name: string): Locator {
    return this.run.editor.crewList.locator(`li[data-crew="${name}"]`);
  }

  /** Opens a crew from the crew list. */
  async openCrew(name: string): Promise<void> {
    await this.crewEntry(name).locator(".crew-list__open").click();
    await this.run.expectCrewOpen(name);
  }
}
