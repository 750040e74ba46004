import { expect, type Locator, type Page } from "@playwright/test";
import { EditorPage } from "./EditorPage";

/** Which way work moves along an active edge (`data-active` on the edge's path). */
export type EdgeFlow = "forward" | "back";

/** Page object for what the canvas shows of a process while it runs: lit edges, the manager, the round counter. */
export class ProcessView {
  readonly editor: EditorPage;

  constructor(readonly page: Page) {
    this.editor = new EditorPage(page);
  }

  /** The drawn path of an edge; it carries `data-active` ("forward" or "back") while a run uses the edge. */
  edgePath(id: string): Locator {
    return this.editor.edge(id).locator("path.react-flow__edge-path");
  }

  async expectEdgeActive(id: string, flow: EdgeFlow = "forward"): Promise<void> {
    await expect(this.edgePath(id)).toHaveAttribute("data-active", flow);
  }

  async expectEdgeQuiet(id: string): Promise<void> {
    await expect(this.edgePath(id)).not.toHaveAttribute("data-active", /.*/);
  }

  /**
   * Starts recording every value `data-active` takes on the paths of edges whose ids start with `prefix`, so a test
   * can check an edge lit up and which way, even when it was lit too briefly for polling. Call before the run starts.
   */
  async recordEdges(prefix: string): Promise<void> {
    await this.page.evaluate((p) => {
      const log: string[] = [];
      Object.assign(window, { __edgeLog: log });
      new MutationObserver((records) => {
        for (const record of records) {
          const path = record.target as Element;
          const id = path.closest(".react-flow__edge")?.getAttribute("data-id") ?? "";
          const flow = path.getAttribute("data-active");
          if (id.startsWith(p) && flow && log.at(-1) !== `${id}:${flow}`) log.push(`${id}:${flow}`);
        }
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-active"] });
    }, prefix);
  }

  /** The "edge id:flow" values recorded since recordEdges, in order (repeats folded). */
  edgeLog(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __edgeLog?: string[] }).__edgeLog ?? []);
  }

  /** The round counter over the canvas (environment runs); `data-round` is the current round, `data-max` the limit. */
  roundCounter(): Locator {
    return this.page.getByRole("region", { name: "Rounds", exact: true });
  }

  async expectRound(round: number, max?: number): Promise<void> {
    await expect(this.roundCounter()).toHaveAttribute("data-round", String(round));
    if (max !== undefined) await expect(this.roundCounter().getByRole("heading")).toHaveText(new RegExp(`^Round ${round} / ${max}( ·|$)`));
  }

  /** The agents whose turns a round of the counter lists (`data-agent`), in order. */
  roundAgents(round: number): Promise<string[]> {
    return this.roundCounter()
      .locator(`li[data-round="${round}"] [data-agent]`)
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-agent") ?? ""));
  }

  /**
   * Saves a picture of the page and of the canvas under the directory named by E2E_SHOTS, when set: for a person to
   * look at how a run reads mid-way. Without it nothing is written.
   */
  async snapshot(name: string): Promise<void> {
    const dir = process.env.E2E_SHOTS;
    if (!dir) return;
    await this.page.screenshot({ path: `${dir}/${name}.png` });
    await this.page.locator(".app__flow").screenshot({ path: `${dir}/${name}-canvas.png` });
  }

  /** Chooses the crew's process in the Crew tab of the side panel. */
  async setProcess(label: "Sequential" | "Hierarchical (manager)" | "Environment (rounds)"): Promise<void> {
    await this.editor.sidePanel.getByRole("tab", { name: "Crew", exact: true }).click();
    await this.editor.sidePanel.getByLabel("Process", { exact: true }).selectOption({ label });
  }

  /** Fills an agent's persona in the inspector. */
  async describeAgent(id: string, fields: { role: string; goal: string; backstory: string }): Promise<void> {
    await this.editor.select(id);
    await this.editor.field("Role").fill(fields.role);
    await this.editor.field("Goal").fill(fields.goal);
    await this.editor.field("Backstory").fill(fields.backstory);
  }

  /** Fills a task's description and expected output in the inspector. */
  async describeTask(id: string, fields: { description: string; expectedOutput: string }): Promise<void> {
    await this.editor.select(id);
    await this.editor.field("Description").fill(fields.description);
    await this.editor.field("Expected output").fill(fields.expectedOutput);
  }
}
