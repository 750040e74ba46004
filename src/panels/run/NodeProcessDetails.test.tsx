// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { MANAGER_AGENT_ID } from "../../engine/events";
import { delegationsOf, foldEvents, foldUntil } from "../../store";
import { hierarchicalRun, plannedRun } from "../../store/runViewFixtures";
import { AgentDelegations, TaskProcessDetails } from "./NodeProcessDetails";

afterEach(cleanup);

describe("the inspector's process details", () => {
  const { crew, events } = hierarchicalRun();
  const view = foldEvents(events, crew);

  it("lists the delegations an agent gave and received", () => {
    expect(delegationsOf(view, "a1")).toEqual({ given: [view.delegations[1]], received: [view.delegations[0]] });
    render(<AgentDelegations view={view} crew={crew} id="a1" />);
    const given = screen.getByText("Handed to coworkers (1)").closest("details") as HTMLElement;
    expect(given.querySelector("summary + ol")?.textContent).toContain("Asked Researcher: How long do owls live?");
    expect(within(given).getByText("About 20 years")).toBeTruthy();
    const received = screen.getByText("Worked for others (1)").closest("details") as HTMLElement;
    expect(received.textContent).toContain("For Crew Manager: Write the intro");
  });

  it("shows the manager's delegations, and one still going as such", () => {
    const open = foldUntil(events, events.find((e) => e.type === "llm.request" && e.callId === "w1")?.seq ?? 0, crew);
    render(<AgentDelegations view={open} crew={crew} id={MANAGER_AGENT_ID} />);
    const item = document.querySelector('[data-delegation="d1"]') as HTMLElement;
    expect(item.querySelector("summary")?.textContent).toContain("To Writer: Write the intro running");
    expect(within(item).getByText("Working on it…")).toBeTruthy();
    expect(screen.queryByText(/Worked for others/)).toBeNull();
  });

  it("shows nothing for an agent that took no part in a delegation", () => {
    const { container } = render(<AgentDelegations view={foldEvents(plannedRun().events, crew)} crew={crew} id="a1" />);
    expect(container.innerHTML).toBe("");
  });

  it("shows a task's condition verdict and plan", () => {
    const planned = plannedRun();
    const final = foldEvents(planned.events, planned.crew);
    render(<TaskProcessDetails view={final} id="t2" />);
    expect(screen.getByText("Condition not met (rule): no owls in the draft")).toBeTruthy();
    expect(screen.getByText("Plan").closest("details")?.textContent).toContain("plan t2");
    cleanup();
    const { container } = render(<TaskProcessDetails view={final} id="nope" />);
    expect(container.innerHTML).toBe("");
  });
});
