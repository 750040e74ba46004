import { gate } from "./mockLlm/MockLlmServer";
import { ProcessView } from "./pages/ProcessView";
import { expect, promptText, test } from "./runTest";

/** The brainstorm room template: Alex opens from the topic, then Bob and Chalice react to him, then everyone to everyone. */
const ROOM = {
  title: "Brainstorm room",
  agents: ["alex", "bob", "chalice"],
  turns: ["alex_turn", "bob_turn", "chalice_turn"],
  maxRounds: 4,
} as const;

/** Each agent's system prompt opens with its persona, which tells the requests apart. */
const persona = (name: string) => new RegExp(`^You are ${name}\\b`);

test("the brainstorm room runs round by round: Alex alone, then Bob and Chalice together, watch edges lit", async ({ run, llm, page }) => {
  const view = new ProcessView(page);
  const first = gate();
  const second = gate();
  const third = gate();
  llm.script([
    // Round 1 and round 2 stop half-way until the test has looked; later rounds answer at once.
    {
      matchAny: persona("Alex"),
      times: 1,
      reply: { content: "ALEX-1: Should AI tutors grade homework?", hold: { afterChunks: 1, until: first.promise } },
    },
    {
      matchAny: persona("Bob"),
      times: 1,
      reply: { content: "BOB-2: Only with a teacher checking.", hold: { afterChunks: 1, until: second.promise } },
    },
    {
      matchAny: persona("Chalice"),
      times: 1,
      reply: { content: "CHALICE-2: Summary so far.", hold: { afterChunks: 1, until: second.promise } },
    },
    // Round 3 waits too: later rounds can pass within one animation frame, too quick for their edges to be drawn.
    ...["Alex", "Bob", "Chalice"].map((name) => ({
      matchAny: persona(name),
      times: 1,
      reply: { content: `${name.toUpperCase()}-3: more.`, hold: { afterChunks: 1, until: third.promise } },
    })),
    { matchAny: persona("Alex"), reply: { content: "ALEX: good points." } },
    { matchAny: persona("Bob"), reply: { content: "BOB: another idea." } },
    { matchAny: persona("Chalice"), reply: { content: "CHALICE: noted." } },
  ]);
  await run.addEndpoint({ baseUrl: llm.url, model: "mock-model" });
  await run.openTemplate(ROOM.title);
  // Who watches whom is drawn before anything runs: six edges, from the watched agent to the watcher.
  for (const [watcher, watched] of [
    ["alex", "bob"],
    ["alex", "chalice"],
    ["bob", "alex"],
    ["bob", "chalice"],
    ["chalice", "alex"],
    ["chalice", "bob"],
  ])
    await expect(view.editor.edge(`watches:${watcher}:${watched}`)).toHaveCount(1);
  await view.recordEdges("watches:");
  await run.start({ topic: "AI tutors" });

  // Round 1: only Alex, answering the topic; nobody reacts to anybody yet.
  await expect.poll(() => llm.inFlight).toBe(1);
  await run.expectNodeStatus("alex", "running");
  await run.expectNodeStatus("bob", "idle");
  await run.expectNodeStatus("chalice", "idle");
  await view.expectRound(1, ROOM.maxRounds);
  expect(await view.roundAgents(1)).toEqual(["alex"]);
  expect(llm.chatRequests).toHaveLength(1);
  expect(promptText(llm.chatRequests[0])).toContain("AI tutors");

  first.open();
  // Round 2: Bob and Chalice at the same time, each reacting to Alex; the edges from Alex to them are lit.
  await expect.poll(() => llm.inFlight).toBe(2);
  await view.expectRound(2, ROOM.maxRounds);
  await run.expectNodeStatus("bob", "running");
  await run.expectNodeStatus("chalice", "running");
  await run.expectNodeStatus("alex", "done");
  expect((await view.roundAgents(2)).sort()).toEqual(["bob", "chalice"]);
  await expect(view.roundCounter().locator('li[data-round="2"]')).toContainText("Bob ← Alex");
  await expect(view.roundCounter().locator('li[data-round="2"]')).toContainText("Chalice ← Alex");
  await view.expectEdgeActive("watches:bob:alex");
  await view.expectEdgeActive("watches:chalice:alex");
  await view.expectEdgeQuiet("watches:alex:bob");
  await view.expectEdgeQuiet("watches:bob:chalice");
  expect(llm.chatRequests).toHaveLength(3);
  for (const request of llm.chatRequests.slice(1)) expect(promptText(request)).toContain("ALEX-1: Should AI tutors grade homework?");
  await view.snapshot("environment-round2");

  second.open();
  // Round 3: all three at once; Alex reacts to Bob and Chalice, and each of them to the other.
  await expect.poll(() => llm.inFlight).toBe(3);
  await view.expectRound(3, ROOM.maxRounds);
  for (const id of ["watches:alex:bob", "watches:alex:chalice", "watches:bob:chalice", "watches:chalice:bob"])
    await view.expectEdgeActive(id);
  third.open();
  await run.expectRunStatus("completed");
  // Round 3: everyone had something new; round 4 too, and then the limit. 1 + 2 + 3 + 3 requests.
  await view.expectRound(4, ROOM.maxRounds);
  expect(llm.chatRequests).toHaveLength(9);
  // The edges lit round by round: Alex's to Bob and Chalice first, then theirs to Alex and to each other.
  const lit = await view.edgeLog();
  expect(lit.slice(0, 2).sort()).toEqual(["watches:bob:alex:forward", "watches:chalice:alex:forward"]);
  expect(lit).toEqual(expect.arrayContaining(["watches:alex:bob:forward", "watches:alex:chalice:forward", "watches:bob:chalice:forward"]));
  for (const id of ["watches:bob:alex", "watches:alex:bob"]) await view.expectEdgeQuiet(id);

  // The timeline has a line per round: round 2's two calls ran together, faster than one by one.
  const timeline = await run.showTimeline();
  const rounds = timeline.locator(".timeline__rounds li");
  await expect(rounds).toHaveCount(4);
  await expect(rounds.nth(0)).toContainText("Round 1 · Alex · 1 call");
  await expect(rounds.nth(1)).toContainText("Round 2 · Bob, Chalice · 2 calls, up to 2 at once");
  await expect(rounds.nth(2)).toContainText("Round 3 · Alex, Bob, Chalice · 3 calls");
  expect(Number(await rounds.nth(1).getAttribute("data-peak"))).toBe(2);
  expect(Number(await rounds.nth(1).getAttribute("data-speedup"))).toBeGreaterThan(1.3);
  await expect(timeline.locator(".timeline__band")).toHaveCount(4);
  await view.snapshot("environment-timeline");
});

test("watching is drawn by dragging from one agent to another, deleted like any edge, and undone", async ({ page }) => {
  const view = new ProcessView(page);
  const editor = view.editor;
  await editor.open();
  await editor.newCrew();
  await editor.dragFromPalette("agent", { x: 420, y: 180 });
  await editor.dragFromPalette("agent", { x: 420, y: 460 });

  // Outside an environment crew watching means nothing, so the drag is refused with the way to get one.
  await editor.connect({ node: "agent-1", handle: "tasks" }, { node: "agent-2", handle: "in" });
  await expect(editor.toast(/only in an environment crew/)).toBeVisible();

  await view.setProcess("Environment (rounds)");
  // From the speaker to the listener: agent-2 now watches agent-1.
  await editor.connect({ node: "agent-1", handle: "peer-out" }, { node: "agent-2", handle: "peer-in" });
  await expect(editor.edge("watches:agent-2:agent-1")).toHaveCount(1);
  await expect(editor.node("agent-2")).toContainText("watches 1");
  await editor.connect({ node: "agent-1", handle: "peer-out" }, { node: "agent-2", handle: "peer-in" });
  await expect(editor.toast(/already watches/)).toBeVisible();

  await editor.edge("watches:agent-2:agent-1").focus();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Delete");
  await expect(editor.edge("watches:agent-2:agent-1")).toHaveCount(0);
  await expect(editor.node("agent-2")).not.toContainText("watches");
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(editor.edge("watches:agent-2:agent-1")).toHaveCount(1);
});
