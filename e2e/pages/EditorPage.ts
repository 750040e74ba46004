import { type Download, expect, type Locator, type Page } from "@playwright/test";

/** Page object for the crew editor: the verbs a person uses, in the words of the UI. */
export class EditorPage {
  readonly canvas: Locator;
  readonly sidePanel: Locator;
  readonly crewList: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.locator(".react-flow__pane");
    this.sidePanel = page.getByRole("complementary", { name: "Side panel" });
    this.crewList = page.getByRole("region", { name: "Crews" });
  }

  async open(): Promise<void> {
    await this.page.goto("/?test");
    await expect(this.page.locator(".app[data-ready]")).toBeVisible();
  }

  async newCrew(): Promise<void> {
    await this.crewList.getByRole("button", { name: "+ New crew" }).click();
    await expect(this.page.getByRole("heading", { level: 1 })).toHaveText(/Untitled crew/);
  }

  paletteItem(name: string): Locator {
    return this.page.locator(`[data-palette="${name}"]`);
  }

  /** Drags a palette item onto the canvas at a point relative to the canvas' top-left corner. */
  async dragFromPalette(name: string, at: { x: number; y: number }): Promise<void> {
    await this.paletteItem(name).dragTo(this.canvas, { targetPosition: at });
  }

  node(id: string): Locator {
    return this.page.locator(`.react-flow__node[data-id="${id}"]`);
  }

  nodesOfKind(kind: "agent" | "task" | "tool"): Locator {
    return this.page.locator(`.react-flow__node [data-kind="${kind}"]`);
  }

  handle(nodeId: string, handleId: string): Locator {
    return this.page.locator(`.react-flow__handle[data-nodeid="${nodeId}"][data-handleid="${handleId}"]`);
  }

  /** Drags from one handle to another with the mouse, as React Flow expects. */
  async connect(from: { node: string; handle: string }, to: { node: string; handle: string }): Promise<void> {
    const a = await this.stableBox(this.handle(from.node, from.handle));
    const b = await this.stableBox(this.handle(to.node, to.handle));
    if (!a || !b) throw new Error(`connect: handle not visible (${from.node}/${from.handle} → ${to.node}/${to.handle})`);
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
    await this.page.mouse.up();
  }

  /** A bounding box once it stops moving (the viewport may still be animating a fit or tidy-up). */
  private async stableBox(locator: Locator): Promise<{ x: number; y: number; width: number; height: number } | null> {
    let last = await locator.boundingBox();
    for (let i = 0; i < 40; i++) {
      await this.page.waitForTimeout(50);
      const now = await locator.boundingBox();
      if (now && last && now.x === last.x && now.y === last.y) return now;
      last = now;
    }
    return last;
  }

  edge(id: string): Locator {
    return this.page.locator(`.react-flow__edge[data-id="${id}"]`);
  }

  async select(id: string): Promise<void> {
    await this.node(id).locator(".crew-node__header").click();
    await expect(this.sidePanel.getByRole("tab", { name: "Inspector" })).toHaveAttribute("aria-selected", "true");
  }

  field(label: string): Locator {
    return this.sidePanel.getByLabel(label, { exact: true });
  }

  problemsButton(): Locator {
    return this.page.getByRole("button", { name: /^Problems: \d+$/ });
  }

  async problemCount(): Promise<number> {
    return Number(await this.problemsButton().getAttribute("data-count"));
  }

  async export(): Promise<{ download: Download; text: string }> {
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page.getByRole("button", { name: "Export", exact: true }).click(),
    ]);
    const path = await download.path();
    const { readFile } = await import("node:fs/promises");
    return { download, text: await readFile(path, "utf8") };
  }

  async importFile(name: string, text: string): Promise<void> {
    await this.page.getByLabel("Import crew").setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(text) });
  }

  crewNames(): Promise<string[]> {
    return this.crewList.locator(".crew-list__name").allTextContents();
  }

  toast(text: string | RegExp): Locator {
    return this.page.locator(".toast").filter({ hasText: text });
  }

  async waitSaved(): Promise<void> {
    await expect(this.page.locator(".save-state")).toHaveText("Saved");
  }
}
