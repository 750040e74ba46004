import { expect, type Locator, type Page } from "@playwright/test";
import { EditorPage } from "./EditorPage";

/** What a node on the canvas shows about a run (`data-status`). */
export type NodeStatus = "idle" | "queued" | "running" | "waiting" | "done" | "error" | "skipped" | "cancelled";

/** What the run panel shows about the run as a whole (`data-run-status`). */
export type RunStatus = "running" | "completed" | "failed" | "cancelled" | "interrupted";

/** An endpoint as the Models dialog asks for it. */
export interface EndpointFields {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** The Service preset; "Custom" fits a local test server best (its CORS advice is the generic one). */
  service?: string;
}

/** Page object for running crews: endpoints, the run dialog, node statuses on the canvas, the run panel and console. */
export class RunPage {
  readonly editor: EditorPage;
  readonly toolbar: Locator;
  readonly runPanel: Locator;
  readonly reviewBox: Locator;
  /** The run's console (in the run dock under the canvas); call showConsole first, the dock may be folded. */
  readonly console: Locator;

  constructor(readonly page: Page) {
    this.editor = new EditorPage(page);
    this.toolbar = page.getByRole("navigation", { name: "Crew actions" });
    this.runPanel = page.getByRole("region", { name: "Run", exact: true });
    this.reviewBox = page.getByRole("region", { name: "Review" });
    this.console = page.getByRole("list", { name: "Run console" });
  }

  open(): Promise<void> {
    return this.editor.open();
  }

  // ---- endpoints (the Models dialog) ----

  modelsDialog(): Locator {
    return this.page.getByRole("dialog", { name: "Models" });
  }

  async openModels(): Promise<Locator> {
    await this.toolbar.getByRole("button", { name: "Models" }).click();
    await expect(this.modelsDialog()).toBeVisible();
    return this.modelsDialog();
  }

  /** Fills the "Add an endpoint" form of the open Models dialog. */
  async fillEndpoint(fields: EndpointFields): Promise<Locator> {
    const form = this.modelsDialog().getByRole("form", { name: "Add an endpoint" });
    await form.getByLabel("Service").selectOption({ label: fields.service ?? "Custom" });
    await form.getByLabel("Base URL", { exact: true }).fill(fields.baseUrl);
    await form.getByLabel("Model", { exact: true }).fill(fields.model);
    await form.getByLabel("API key", { exact: true }).fill(fields.apiKey ?? "");
    return form;
  }

  /** Presses Test connection and returns the status line once the test has an outcome. */
  async testConnection(fields: EndpointFields): Promise<Locator> {
    await this.openModels();
    const form = await this.fillEndpoint(fields);
    await form.getByRole("button", { name: "Test connection" }).click();
    const status = form.getByRole("status");
    await expect(status).not.toHaveText(/Asking the endpoint/);
    return status;
  }

  /** Adds an endpoint through the Models dialog and closes it; the first one added becomes the default. */
  async addEndpoint(fields: EndpointFields): Promise<void> {
    const dialog = await this.openModels();
    const listed = dialog.locator(".endpoints__list > li");
    const before = await listed.count();
    const form = await this.fillEndpoint(fields);
    await form.getByRole("button", { name: "Save endpoint" }).click();
    await expect(listed).toHaveCount(before + 1);
    await this.closeDialog(dialog);
  }

  /** The line of a saved endpoint in the Models dialog (its base URL and masked key). */
  endpointEntry(baseUrl: string): Locator {
    return this.modelsDialog().locator(".endpoints__list > li").filter({ hasText: baseUrl });
  }

  async closeDialog(dialog: Locator): Promise<void> {
    await dialog.getByRole("button", { name: "Close" }).first().click();
    await expect(dialog).toHaveCount(0);
  }

  // ---- crews ----

  /** Opens a template from the gallery as a new crew. */
  async openTemplate(title: string, crewName = title): Promise<void> {
    await this.toolbar.getByRole("button", { name: "Templates" }).click();
    await this.page
      .getByRole("dialog", { name: "Templates" })
      .getByRole("button", { name: `Use template ${title}` })
      .click();
    await this.expectCrewOpen(crewName);
  }

  /** Waits for a crew to be open; a second copy of a name gets a suffix, so the name only has to lead. */
  async expectCrewOpen(name: string): Promise<void> {
    // Scoped to the banner: a model's answer rendered as Markdown can hold an h1 of its own.
    await expect(this.page.getByRole("banner").getByRole("heading", { level: 1 })).toHaveText(
      new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
    );
  }

  /** Imports a crew document through Paste JSON; it opens as a new crew. */
  async importCrew(crew: { name: string }): Promise<void> {
    await this.toolbar.getByRole("button", { name: "Paste JSON" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Import crew from JSON" });
    await dialog.getByLabel("Crew JSON").fill(JSON.stringify(crew));
    await dialog.getByRole("button", { name: "Import" }).click();
    await this.expectCrewOpen(crew.name);
  }

  // ---- running ----

  runDialog(): Locator {
    return this.page.getByRole("dialog", { name: /^Run “/ });
  }

  /** Opens the Run tab of the side panel (selecting a node shows the Inspector instead) and returns the run panel. */
  async showRunPanel(): Promise<Locator> {
    await this.editor.sidePanel.getByRole("tab", { name: "Run", exact: true }).click();
    await expect(this.runPanel).toBeVisible();
    return this.runPanel;
  }

  /** Presses Run, fills the inputs given (others keep the crew's defaults) and starts; the run panel opens. */
  async start(inputs: Record<string, string> = {}): Promise<void> {
    await this.toolbar.getByRole("button", { name: "Run", exact: true }).click();
    const dialog = this.runDialog();
    await expect(dialog).toBeVisible();
    for (const [name, value] of Object.entries(inputs)) await dialog.getByLabel(name, { exact: true }).fill(value);
    await dialog.getByRole("button", { name: "Start run" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(this.runPanel).toBeVisible();
  }

  /** The run's status line (run panel and dock show the same); its `data-run-status` is the run's status. */
  runStatus(): Locator {
    return this.page.locator("[data-run-status]").first();
  }

  async expectRunStatus(status: RunStatus): Promise<void> {
    await expect(this.runStatus()).toHaveAttribute("data-run-status", status);
  }

  /** Stops the run with the toolbar's Stop button. */
  async stop(): Promise<void> {
    await this.toolbar.getByRole("button", { name: "Stop", exact: true }).click();
  }

  /** The element of a node that carries its run status. */
  nodeStatus(id: string): Locator {
    return this.editor.node(id).locator("[data-status]").first();
  }

  async expectNodeStatus(id: string, status: NodeStatus): Promise<void> {
    await expect(this.nodeStatus(id)).toHaveAttribute("data-status", status);
  }

  /**
   * Starts recording every status change of every node in the page, so a test can check the order of states a node
   * went through (polling could miss a short one). Call before starting the run.
   */
  async recordStatuses(): Promise<void> {
    await this.page.evaluate(() => {
      const log: { id: string; status: string }[] = [];
      Object.assign(window, { __statusLog: log });
      new MutationObserver((records) => {
        for (const record of records) {
          const el = record.target as HTMLElement;
          const { id, status, kind } = el.dataset;
          if (id && status && kind) log.push({ id, status });
        }
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-status"] });
    });
  }

  /** The statuses recorded since recordStatuses, in order: one list per node, repeats folded. */
  async statusHistory(): Promise<Record<string, string[]>> {
    const history: Record<string, string[]> = {};
    for (const entry of await this.statusLog()) {
      const [id = "", status = ""] = entry.split(":");
      history[id] = [...(history[id] ?? []), status];
    }
    return history;
  }

  /** Every recorded change as "id:status", in order (repeats per node folded): to compare when nodes changed. */
  async statusLog(): Promise<string[]> {
    const log = await this.page.evaluate(() => (window as unknown as { __statusLog?: { id: string; status: string }[] }).__statusLog ?? []);
    const last: Record<string, string> = {};
    const out: string[] = [];
    for (const { id, status } of log) {
      if (last[id] !== status) out.push(`${id}:${status}`);
      last[id] = status;
    }
    return out;
  }

  /** The text a running node shows as it streams in. */
  nodeStream(id: string): Locator {
    return this.editor.node(id).locator(".crew-node__stream");
  }

  /** The run's error line in the run panel (failed or stopped runs). */
  runError(): Locator {
    return this.runPanel.locator(".run-panel__error");
  }

  finalAnswer(): Locator {
    return this.runPanel.locator(".run-panel__answer");
  }

  /** Opens the console tab of the run dock (when the dock is folded or shows another tab) and returns the console. */
  async showConsole(): Promise<Locator> {
    const tab = this.page.getByRole("region", { name: "Run dock" }).getByRole("tab", { name: "Console" });
    if ((await tab.count()) > 0 && (await tab.getAttribute("aria-selected")) !== "true") await tab.click();
    await expect(this.console).toBeVisible();
    return this.console;
  }

  // ---- the run dock: timeline, history and replay ----

  /** The dock under the canvas with the Console, Timeline and History tabs. */
  dock(): Locator {
    return this.page.getByRole("region", { name: "Run dock" });
  }

  /** Opens a tab of the run dock; a tab already open is left alone (pressing it again would fold the dock). */
  async showDockTab(name: "Console" | "Timeline" | "History" | "Batch"): Promise<void> {
    const tab = this.dock().getByRole("tab", { name });
    if ((await tab.getAttribute("aria-selected")) !== "true") await tab.click();
    await expect(tab).toHaveAttribute("aria-selected", "true");
  }

  /** The timeline of the run shown; its `data-peak-concurrency` is the most model calls in flight at once. */
  async showTimeline(): Promise<Locator> {
    await this.showDockTab("Timeline");
    const timeline = this.dock().getByRole("region", { name: "Timeline", exact: true });
    await expect(timeline).toBeVisible();
    return timeline;
  }

  /** The rows of the open crew's run history (`data-run` is the run id, `data-status` its saved status), newest first. */
  async showHistory(): Promise<Locator> {
    await this.showDockTab("History");
    return this.dock().locator("li[data-run]");
  }

  /** The controls of a replay (shown while a saved run is replayed). */
  replayBar(): Locator {
    return this.page.getByRole("group", { name: "Replay" });
  }

  /** The replay's scrubber: a range from -1 (before the first event) to the last event's index. */
  scrubber(): Locator {
    return this.replayBar().getByLabel("Replay position");
  }

  /**
   * Moves the replay scrubber to an event index (-1: before any event): the ends with Home and End as a keyboard user
   * would, anywhere else by setting the range's value (stepping there with arrow keys would take a press per event).
   */
  async scrubTo(index: number): Promise<void> {
    const scrubber = this.scrubber();
    if (index === -1) await scrubber.press("Home");
    else if (String(index) === (await scrubber.getAttribute("max"))) await scrubber.press("End");
    else await scrubber.fill(String(index));
    await expect(scrubber).toHaveValue(String(index));
  }

  // ---- pause ----

  async pause(): Promise<void> {
    await this.toolbar.getByRole("button", { name: "Pause", exact: true }).click();
  }

  async resume(): Promise<void> {
    await this.toolbar.getByRole("button", { name: "Resume", exact: true }).click();
  }

  /** The console's closing line (status, usage, message), present once the run has ended. */
  consoleFooter(): Locator {
    return this.console.locator(".console-footer");
  }

  // ---- human review ----

  async sendBack(feedback: string): Promise<void> {
    await expect(this.reviewBox).toBeVisible();
    await this.reviewBox.getByRole("textbox").fill(feedback);
    // No wait for the box to go: the revised output may bring it back before a check could see it gone.
    await this.reviewBox.getByRole("button", { name: "Send back" }).click();
  }

  async approve(): Promise<void> {
    await expect(this.reviewBox).toBeVisible();
    await this.reviewBox.getByRole("button", { name: "Approve" }).click();
    await expect(this.reviewBox).toHaveCount(0);
  }
}
