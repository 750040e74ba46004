// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { testAgent, testCrew, testTask } from "../../model/testCrews";
import { StoreContext } from "../../store";
import { storeRig } from "../../store/testing/storeRig";
import { BatchForm } from "./BatchForm";
import { BatchSummary } from "./BatchSummary";

afterEach(cleanup);

async function setup() {
  const rig = await storeRig((req) => `poem for ${/about (\w+)/.exec(req.messages.at(-1)?.content ?? "")?.[1]}`);
  await rig.s().createCrew(
    testCrew({
      name: "Poems",
      inputs: { tone: "calm" },
      agents: [testAgent("a1")],
      tasks: [testTask("t1", { description: "A {tone} poem about {topic}", agent: "a1" })],
    }),
  );
  let started = 0;
  render(
    <StoreContext.Provider value={rig.store}>
      <BatchForm onStarted={() => started++} onCancel={() => undefined} />
    </StoreContext.Provider>,
  );
  return { ...rig, started: () => started };
}

const paste = (format: "CSV" | "JSON", text: string) => {
  fireEvent.click(screen.getByRole("button", { name: `Paste ${format}` }));
  fireEvent.change(screen.getByLabelText(format === "CSV" ? "CSV, with a header row" : "JSON, an array of objects"), {
    target: { value: text },
  });
  fireEvent.click(screen.getByRole("button", { name: "Use these rows" }));
};
const cell = (name: string, row: number) => screen.getByLabelText(`${name}, row ${row}`) as HTMLInputElement;

describe("the Run dialog's Batch mode", () => {
  it("lists what is wrong with pasted rows, by row and column, and keeps the table as it was", async () => {
    await setup();
    paste("JSON", '[{"topic": "owls"}, {"topic": ["a"]}, {"topik": "x"}]');
    const problems = within(screen.getByRole("alert", { name: "Import problems" }));
    expect(problems.getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      'column "topik" is not an input of this crew (its inputs: tone, topic)',
      'row 2, "topic": expected text, got an array',
    ]);
    expect(screen.queryByLabelText("topic, row 2")).toBeNull();
    expect(cell("tone", 1).value).toBe("calm");
  });

  it("fills the table from CSV, names rows still missing a value, and starts the batch once they are fixed", async () => {
    const { s, started } = await setup();
    paste("CSV", "topic,tone\nowls,\n,wry\nmoths,dark\n");
    expect([1, 2, 3].map((r) => [cell("topic", r).value, cell("tone", r).value])).toEqual([
      ["owls", ""],
      ["", "wry"],
      ["moths", "dark"],
    ]);
    expect(screen.getByText("row 2: no value for {topic}")).toBeTruthy();
    const start = screen.getByRole("button", { name: "Start batch" }) as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Remove row 2" }));
    fireEvent.click(screen.getByRole("button", { name: "+ Add row" }));
    fireEvent.change(cell("topic", 3), { target: { value: "bats" } });
    fireEvent.change(screen.getByLabelText("Runs at once"), { target: { value: "3" } });
    expect(start.textContent).toBe("Start batch of 3 runs");
    fireEvent.click(start);
    expect(started()).toBe(1);
    const batch = Object.values(s().batches)[0];
    expect(batch?.concurrency).toBe(3);
    // Empty cells took the crew's default.
    expect(batch?.rows).toEqual([
      { tone: "calm", topic: "owls" },
      { tone: "dark", topic: "moths" },
      { tone: "calm", topic: "bats" },
    ]);
  });
});

describe("the Batch tab", () => {
  it("shows a row per input with its status, and the totals", async () => {
    const { s, store } = await setup();
    cleanup();
    s().startBatch([{ topic: "owls" }, { topic: "moths" }], 1);
    render(
      <StoreContext.Provider value={store}>
        <BatchSummary />
      </StoreContext.Provider>,
    );
    const rows = () => [...document.querySelectorAll("tbody tr[data-row]")].map((tr) => tr.getAttribute("data-status"));
    expect(rows()).toEqual(["running", "queued"]);
    await waitFor(() => expect(rows()).toEqual(["completed", "completed"]), { timeout: 3000 });
    expect([...document.querySelectorAll("tbody .batch__output summary")].map((e) => e.textContent)).toEqual([
      "poem for owls",
      "poem for moths",
    ]);
    expect(screen.getByText("Total: 2 rows")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Replay row 1" })).toBeTruthy();
  });
});
