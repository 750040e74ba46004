// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { kickoff } from "../../engine";
import type { RunEvent } from "../../engine/events";
import type { ChatRequest } from "../../engine/ports";
import { idSource, memoryFiles, StubToolHost, testCrew, VirtualClock } from "../../engine/testing/harness";
// biome-ignore lint/style/noRestrictedImports: tests drive the real engine with the scripted provider; the console itself never imports adapters
import { type Script, ScriptedProvider } from "../../llm";
import { hierarchicalRun } from "../../store/runViewFixtures";
import { LongText } from "./ConsoleParts";
import { RunConsole } from "./RunConsole";

afterEach(cleanup);

const crew = testCrew({ tools: [{ name: "echo" }], agents: [{ tools: ["tool1"] }], tasks: [{}] });
const hasToolResult = (request: ChatRequest) => request.messages.some((m) => m.role === "tool");
const script: Script = (request) =>
  hasToolResult(request)
    ? { content: "## Found\n\nEcho said **hi**.", usage: { promptTokens: 40, completionTokens: 12 } }
    : { toolCalls: [{ id: "c1", name: "echo", arguments: '{"text":"hi"}' }], usage: { promptTokens: 30, completionTokens: 5 } };

async function events(): Promise<RunEvent[]> {
  const clock = new VirtualClock();
  const provider = new ScriptedProvider(script, { sleep: clock.sleep });
  const options = { resolveLlm: () => ({ provider, model: "test-model" }), host: new StubToolHost(), files: memoryFiles, clock };
  return (await kickoff(crew, {}, { ...options, newId: idSource() })).events;
}

/** Opens a collapsed row by its summary and returns the row. */
function expand(summary: HTMLElement): HTMLElement {
  const details = summary.closest("details");
  if (!details) throw new Error("not an expandable row");
  fireEvent.click(summary);
  // jsdom toggles <details> on a summary click but may not fire "toggle"; make sure React hears it.
  if (!details.open) details.open = true;
  fireEvent(details, new Event("toggle"));
  return details;
}

const llmSummaries = () => screen.getAllByText("LLM").map((tag) => tag.closest("summary") as HTMLElement);
const priceOf = (model: string) => (model === "test-model" ? { input: 10, output: 20 } : undefined);

describe("RunConsole", () => {
  it("shows an LLM call's request messages and response once expanded, and its cost", async () => {
    render(<RunConsole events={await events()} crew={crew} priceOf={priceOf} />);
    const [first, second] = llmSummaries();
    if (!first || !second) throw new Error("expected two model calls");
    expect(within(first).getByText("$0.0004")).toBeTruthy();
    expect(within(second).getByText("$0.00064")).toBeTruthy();
    expect(first.closest("details")?.querySelector(".console-body")).toBeNull();

    const row1 = within(expand(first));
    const messages = row1.getByRole("list", { name: "Request messages" });
    expect([...messages.querySelectorAll(".console-role")].map((r) => r.textContent)).toEqual(["System", "User"]);
    expect(within(messages).getByText(/Do step 1/)).toBeTruthy();
    expect(row1.getByText("Response")).toBeTruthy();
    expect(row1.getByRole("list", { name: "Tool calls" }).textContent).toContain("echo");
    expect(row1.queryByText(/earlier message/)).toBeNull();

    const row2 = within(expand(second));
    expect(row2.getByText("+ 2 earlier messages of this conversation (shown in the previous calls)")).toBeTruthy();
    const roles = [...row2.getByRole("list", { name: "Request messages" }).querySelectorAll(".console-role")];
    expect(roles.map((r) => r.textContent)).toEqual(["Assistant", "Tool result"]);
    expect(row2.getByText("echo: hi")).toBeTruthy();
    expect(row2.getByRole("heading", { name: "Found" })).toBeTruthy();

    const footer = document.querySelector(".console-footer");
    expect(footer?.textContent).toContain("$0.001");
  });

  it("shows no cost without prices, and names the unpriced model in the footer", async () => {
    const log = await events();
    const { rerender } = render(<RunConsole events={log} crew={crew} />);
    expect(document.querySelector(".console-cost")).toBeNull();
    rerender(<RunConsole events={log} crew={crew} priceOf={() => undefined} />);
    expect(document.querySelectorAll(".console-summary .console-cost")).toHaveLength(0);
    expect(document.querySelector(".console-footer")?.textContent).toContain("cost: unpriced model test-model");
  });

  it("nests a coworker's steps under the delegation that asked for them, with its answer last", () => {
    const { crew: team, events: log } = hierarchicalRun();
    const picked: string[] = [];
    render(<RunConsole events={log} crew={team} onSelectNode={(id) => picked.push(id)} />);
    const delegation = document.querySelector('[data-delegation="d1"]') as HTMLDetailsElement;
    expect(delegation.open).toBe(true);
    expect(delegation.querySelector(":scope > summary")?.textContent).toContain("→ Writer");
    const steps = within(delegation).getByRole("list", { name: "Writer's steps" });
    expect(within(steps).getAllByText("LLM")).toHaveLength(3);
    const question = steps.querySelector('[data-delegation="d2"]') as HTMLElement;
    expect(question.querySelector("summary")?.textContent).toContain("How long do owls live?");
    expect(within(question).getByRole("list", { name: "Researcher's steps" }).textContent).toContain("final answer");
    const answers = [...delegation.querySelectorAll(".console-row--answer")].map((a) => a.textContent);
    expect(answers).toEqual(["AnswerAbout 20 years", "AnswerOwls live long."]);
    fireEvent.click(within(delegation).getAllByRole("button", { name: "Crew Manager" })[0] as HTMLElement);
    expect(picked).toEqual(["$manager"]);
    // Collapsing the delegation hides the coworker's steps.
    delegation.open = false;
    fireEvent(delegation, new Event("toggle"));
    expect(within(delegation).queryByRole("list", { name: "Writer's steps" })).toBeNull();
  });

  it("folds a long message with a button to show it all", () => {
    render(<LongText text={"line\n".repeat(40)} />);
    const button = screen.getByRole("button", { name: "Show all (41 lines)" });
    fireEvent.click(button);
    expect(button.textContent).toBe("Show less");
    expect(button.getAttribute("aria-expanded")).toBe("true");
  });
});
