// npm run bench: engine overhead and parallelism against the local mock server, measured in the same run.
// Prints ratios against baselines taken here and now, so a slow or noisy machine does not skew the verdict.
import { MockLlmServer } from "../e2e/mockLlm/MockLlmServer";
import { kickoff, openingMessages } from "../src/engine";
import { OpenAiCompatibleProvider } from "../src/llm";
import { type Crew, CrewSchema } from "../src/model";
import { BuiltinToolHost, RunFileSpace } from "../src/tools";

const CALLS = Number(process.env.BENCH_CALLS ?? 100);
const LATENCY = 200;

function crewWith(tasks: number, parallel: boolean): Crew {
  return CrewSchema.parse({
    format: "crewdeck.crew",
    version: 1,
    name: "Bench",
    agents: [{ id: "a", role: "Assistant", goal: "Answer", backstory: "Brief." }],
    tasks: Array.from({ length: tasks }, (_, i) => ({
      id: `t${i}`,
      description: `Say ${i}`,
      expectedOutput: "A word",
      agent: "a",
      async: parallel,
      ...(parallel ? { context: [] } : {}),
    })),
    settings: { concurrency: 64, cache: false },
  });
}

async function runCrew(server: MockLlmServer, crew: Crew) {
  const provider = new OpenAiCompatibleProvider({ baseUrl: server.url });
  return kickoff(
    crew,
    {},
    { resolveLlm: () => ({ provider, model: "mock" }), host: new BuiltinToolHost(), files: () => new RunFileSpace() },
  );
}

async function rawCall(server: MockLlmServer, body: string) {
  const res = await fetch(`${server.url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body });
  await res.text();
}

async function perCallCost(server: MockLlmServer) {
  server.script([{ reply: { content: "word", latencyMs: 0 } }]);
  // Many sequential tasks in one run: per-call cost, with the run's fixed set-up spread as it is in real crews.
  const crew = crewWith(CALLS, false);
  crew.tasks = crew.tasks.map((t) => ({ ...t, context: [] }));
  const body = JSON.stringify({
    model: "mock",
    stream: true,
    stream_options: { include_usage: true },
    messages: openingMessages({ agent: crew.agents[0] ?? null, task: crew.tasks[0] as Crew["tasks"][number], context: [] }),
  });
  const rawRun = async () => {
    const t = performance.now();
    for (let i = 0; i < CALLS; i++) await rawCall(server, body);
    return performance.now() - t;
  };
  const engineRun = async () => {
    const t = performance.now();
    await runCrew(server, crew);
    return performance.now() - t;
  };
  await rawRun();
  await engineRun();
  // Alternate the two so drift in machine speed hits both alike; keep the best of each (least disturbed).
  let raw = Number.POSITIVE_INFINITY;
  let engine = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    raw = Math.min(raw, await rawRun());
    engine = Math.min(engine, await engineRun());
  }
  return { raw: raw / CALLS, engine: engine / CALLS };
}

async function rawParallel(server: MockLlmServer, n: number) {
  server.reset();
  server.script([{ reply: { content: "word", latencyMs: LATENCY } }]);
  const body = JSON.stringify({
    model: "mock",
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: "user", content: "Say 1" }],
  });
  const t = performance.now();
  await Promise.all(Array.from({ length: n }, () => rawCall(server, body)));
  return performance.now() - t;
}

async function parallel(server: MockLlmServer, n: number) {
  server.reset();
  server.script([{ reply: { content: "word", latencyMs: LATENCY } }]);
  const t = performance.now();
  const result = await runCrew(server, crewWith(n, true));
  const wall = performance.now() - t;
  return { wall, requests: server.chatRequests.length, maxInFlight: server.maxInFlight, status: result.status };
}

const server = await MockLlmServer.start();
try {
  const cost = await perCallCost(server);
  const p5 = await parallel(server, 5);
  const p20 = await parallel(server, 20);
  const raw5 = await rawParallel(server, 5);
  const raw20 = await rawParallel(server, 20);
  const crew = crewWith(1, false);
  const prompt = openingMessages({ agent: crew.agents[0] ?? null, task: crew.tasks[0] as Crew["tasks"][number], context: [] });
  const user = `${crew.agents[0]?.role}${crew.agents[0]?.goal}${crew.agents[0]?.backstory}${crew.tasks[0]?.description}${crew.tasks[0]?.expectedOutput}`;
  const scaffolding = prompt.reduce((n, m) => n + m.content.length, 0) - user.length;
  const rows = [
    [
      "per-call engine cost, 0 ms latency",
      `${cost.engine.toFixed(2)} ms vs raw fetch ${cost.raw.toFixed(2)} ms`,
      (cost.engine / cost.raw).toFixed(2),
      "≤ 1.20",
    ],
    [
      "5 parallel tasks, 200 ms latency",
      `${p5.wall.toFixed(0)} ms, ${p5.requests} requests, ${p5.maxInFlight} in flight`,
      (p5.wall / LATENCY).toFixed(2),
      "≤ 1.10 of ideal",
    ],
    ["  5 raw parallel fetches (baseline)", `${raw5.toFixed(0)} ms`, (raw5 / LATENCY).toFixed(2), ""],
    [
      "20 parallel tasks, 200 ms latency",
      `${p20.wall.toFixed(0)} ms, ${p20.requests} requests, ${p20.maxInFlight} in flight`,
      (p20.wall / LATENCY).toFixed(2),
      "≤ 1.10 of ideal",
    ],
    ["  20 raw parallel fetches (baseline)", `${raw20.toFixed(0)} ms`, (raw20 / LATENCY).toFixed(2), ""],
    ["prompt scaffolding, trivial task", `${scaffolding} characters`, "", "< 800"],
  ];
  console.log("benchmark                          measured                                   ratio  target");
  for (const [name, measured, ratio, target] of rows) console.log(`${name?.padEnd(35)}${measured?.padEnd(43)}${ratio?.padEnd(7)}${target}`);
  if (p5.requests !== 5 || p20.requests !== 20) console.log("! request counts differ from the task counts");
} finally {
  await server.close();
}
