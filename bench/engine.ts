// npm run bench: engine overhead and parallelism against the local mock server, measured in the same run.
// Prints ratios against baselines taken here and now, so a slow or noisy machine does not skew the verdict.
import { cpus, loadavg } from "node:os";
import { MockLlmServer } from "../e2e/mockLlm/MockLlmServer";
import { kickoff, openingMessages } from "../src/engine";
import { OpenAiCompatibleProvider } from "../src/llm";
import { type Crew, CrewSchema } from "../src/model";
import { BuiltinToolHost, RunFileSpace } from "../src/tools";
import { best, median, medianInterval, pairedRatios, verdict } from "./stats";

const CALLS = Number(process.env.BENCH_CALLS ?? 100);
const LATENCY = 200;
/** Measured rounds per figure, engine and baseline alternating so drift in machine speed hits both alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 25);
// Per-call rounds are short (~0.05 s each side) and this machine's speed drifts between them: many rounds cost little
// and steady both the best round and the median of the paired ratios.
const CALL_ROUNDS = Number(process.env.BENCH_CALL_ROUNDS ?? 60);

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
      context: [],
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

/**
 * The baseline client: one POST with the engine's first prompt, the streamed body read to its end as text. It parses no
 * SSE; the engine must, and that parsing is part of the engine cost the target bounds.
 */
function rawClient(server: MockLlmServer, crew: Crew, redirect: RequestRedirect = "follow") {
  // Read once: `server.url` asks the socket for its address on each read, a syscall the engine's provider never makes.
  const url = `${server.url}/chat/completions`;
  const body = JSON.stringify({
    model: "mock",
    stream: true,
    stream_options: { include_usage: true },
    messages: openingMessages({ agent: crew.agents[0] ?? null, task: crew.tasks[0] as Crew["tasks"][number], context: [] }),
  });
  return async () => {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body, redirect });
    await res.text();
  };
}

/**
 * A second, informational baseline: what a hand-written streaming client costs. It does what the engine's provider
 * must and the plain baseline skips: passes an AbortSignal (undici then links it to the request), reads the body chunk
 * by chunk and parses each SSE `data:` line as JSON. Lighter than the provider: no error mapping, no tool-call assembly.
 */
function streamingClient(server: MockLlmServer, crew: Crew) {
  const url = `${server.url}/chat/completions`;
  const body = JSON.stringify({
    model: "mock",
    stream: true,
    stream_options: { include_usage: true },
    messages: openingMessages({ agent: crew.agents[0] ?? null, task: crew.tasks[0] as Crew["tasks"][number], context: [] }),
  });
  const decoder = new TextDecoder();
  return async () => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      signal: new AbortController().signal,
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let rest = "";
    let content = "";
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const lines = (rest + decoder.decode(read.value, { stream: true })).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
        const delta = JSON.parse(line.slice(6)).choices?.[0]?.delta;
        if (typeof delta?.content === "string") content += delta.content;
      }
    }
    return content;
  };
}

/** Wall time of a run, and the process's CPU time: less swayed by other processes on a busy machine. */
async function timed(run: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await run();
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

async function perCallCost(server: MockLlmServer) {
  server.reset();
  server.script([{ reply: { content: "word", latencyMs: 0 } }]);
  // Many sequential tasks in one run: per-call cost, with the run's fixed set-up spread as it is in real crews.
  const crew = crewWith(CALLS, false);
  const call = rawClient(server, crew);
  const rawRun = () =>
    timed(async () => {
      for (let i = 0; i < CALLS; i++) await call();
    });
  const refusingCall = rawClient(server, crew, "error");
  const refusingRun = () =>
    timed(async () => {
      for (let i = 0; i < CALLS; i++) await refusingCall();
    });
  const streamCall = streamingClient(server, crew);
  const streamRun = () =>
    timed(async () => {
      for (let i = 0; i < CALLS; i++) await streamCall();
    });
  let allExact = true;
  const engineRun = async () => {
    server.resetCounters();
    const ms = await timed(() => runCrew(server, crew));
    allExact &&= server.chatRequests.length === CALLS;
    return ms;
  };
  // Untimed rounds first: both sides reach the same warm connection and JIT-compiled code before any timing. Rounds
  // keep getting faster for about the first dozen here (the optimising compiler is still at work), so there are ten.
  for (let i = 0; i < 10; i++) {
    await rawRun();
    await refusingRun();
    await streamRun();
    await engineRun();
  }
  const raw = { wall: [] as number[], cpu: [] as number[] };
  const refusing = { wall: [] as number[], cpu: [] as number[] };
  const streaming = { wall: [] as number[], cpu: [] as number[] };
  const engine = { wall: [] as number[], cpu: [] as number[] };
  for (let i = 0; i < CALL_ROUNDS; i++) {
    for (const [into, run] of [
      [raw, rawRun],
      [refusing, refusingRun],
      [streaming, streamRun],
      [engine, engineRun],
    ] as const) {
      const ms = await run();
      into.wall.push(ms.wall / CALLS);
      into.cpu.push(ms.cpu / CALLS);
    }
  }
  // BENCH_DEBUG_ROUNDS=1 prints every round's per-call time, to see drift and outliers behind the summary.
  if (process.env.BENCH_DEBUG_ROUNDS)
    for (const [name, side] of Object.entries({ raw, refusing, streaming, engine }))
      console.log(name.padEnd(10), side.wall.map((ms) => ms.toFixed(2)).join(" "));
  return { raw, refusing, streaming, engine, allExact };
}

async function parallel(server: MockLlmServer, n: number) {
  server.reset();
  server.script([{ reply: { content: "word", latencyMs: LATENCY } }]);
  const crew = crewWith(n, true);
  const call = rawClient(server, crew);
  const rawRun = async () => (await timed(() => Promise.all(Array.from({ length: n }, call)))).wall;
  // Opens n keep-alive connections first, so neither side pays for connecting during its timed rounds.
  await rawRun();
  const raw: number[] = [];
  const engine: { wall: number; requests: number; maxInFlight: number; status: string }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    server.resetCounters();
    const t = performance.now();
    const result = await runCrew(server, crew);
    engine.push({
      wall: performance.now() - t,
      requests: server.chatRequests.length,
      maxInFlight: server.maxInFlight,
      status: result.status,
    });
    raw.push(await rawRun());
  }
  const fastest = engine.reduce((a, b) => (b.wall < a.wall ? b : a));
  return { raw, engine: engine.map((e) => e.wall), fastest, allExact: engine.every((e) => e.requests === n && e.status === "completed") };
}

/** The median of the per-round ratios (each round pairs an engine run with the baseline run right after it), with its interval. */
function pairedMedian(engine: number[], base: number[] | number): { median: number; interval: [number, number] } {
  const ratios = pairedRatios(engine, base);
  return { median: median(ratios), interval: medianInterval(ratios) };
}

function medianCell(engine: number[], base: number[] | number): string {
  const { median, interval } = pairedMedian(engine, base);
  return `${median.toFixed(2)} (${interval[0].toFixed(2)}–${interval[1].toFixed(2)})`;
}

/** A target's verdict line, judged on the median's interval. */
function judged(what: string, engine: number[], base: number[] | number, limit: number, exact = true): string {
  const { median, interval } = pairedMedian(engine, base);
  const said = { met: "met", missed: "MISSED", unsure: "NOT SHOWN (the interval straddles the target)" }[verdict(interval, limit)];
  const counts = exact ? "" : "; ! request counts differ from the task counts";
  return `  ${what} ≤ ${limit.toFixed(2)}: ${said}, median ${median.toFixed(2)}, 95% interval ${interval[0].toFixed(2)}–${interval[1].toFixed(2)}${counts}`;
}

const server = await MockLlmServer.start();
try {
  const load = loadavg()[0] ?? 0;
  const cost = await perCallCost(server);
  const runs = [await parallel(server, 5), await parallel(server, 20)];
  const crew = crewWith(1, false);
  const prompt = openingMessages({ agent: crew.agents[0] ?? null, task: crew.tasks[0] as Crew["tasks"][number], context: [] });
  const user = `${crew.agents[0]?.role}${crew.agents[0]?.goal}${crew.agents[0]?.backstory}${crew.tasks[0]?.description}${crew.tasks[0]?.expectedOutput}`;
  const scaffolding = prompt.reduce((n, m) => n + m.content.length, 0) - user.length;
  const baseName = { raw: "raw fetch", refusing: "raw fetch", streaming: "streaming" };
  const perCall = (what: "wall" | "cpu", base: "raw" | "refusing" | "streaming" = "raw") => {
    const [engine, raw] = [best(cost.engine[what]), best(cost[base][what])];
    return [
      `${engine.toFixed(3)} ms vs ${baseName[base]} ${raw.toFixed(3)} ms`,
      (engine / raw).toFixed(2),
      medianCell(cost.engine[what], cost[base][what]),
    ];
  };
  const rows: string[][] = [
    ["per-call engine cost, 0 ms latency", ...perCall("wall"), "≤ 1.20"],
    ["  the same in process CPU time", ...perCall("cpu"), ""],
    ["  vs raw fetch not following redirects", ...perCall("wall", "refusing"), "info"],
    ["  vs a hand-written streaming client", ...perCall("wall", "streaming"), "info"],
    ["  the same in process CPU time", ...perCall("cpu", "streaming"), "info"],
  ];
  for (const [i, n] of [5, 20].entries()) {
    const run = runs[i] as Awaited<ReturnType<typeof parallel>>;
    const [engine, raw] = [run.fastest.wall, best(run.raw)];
    rows.push(
      [
        `${n} parallel tasks, ${LATENCY} ms latency`,
        `${engine.toFixed(0)} ms, ${run.fastest.requests} requests, ${run.fastest.maxInFlight} in flight`,
        (engine / LATENCY).toFixed(2),
        medianCell(run.engine, LATENCY),
        "≤ 1.10 of ideal",
      ],
      [
        `  ${n} raw parallel fetches (baseline)`,
        `${raw.toFixed(0)} ms`,
        (raw / LATENCY).toFixed(2),
        medianCell(run.raw, LATENCY),
        "of ideal",
      ],
      [
        `  ${n} parallel tasks vs the baseline`,
        `${engine.toFixed(0)} ms vs ${raw.toFixed(0)} ms`,
        (engine / raw).toFixed(2),
        medianCell(run.engine, run.raw),
        "of baseline",
      ],
    );
  }
  rows.push(["prompt scaffolding, trivial task", `${scaffolding} characters`, "", "", "< 800"]);
  const header = ["benchmark", "measured (best round)", "ratio", "median (95% interval)", "target"];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)) + 2);
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c < cells.length - 1 ? cell.padEnd(widths[c] ?? 0) : cell))
      .join("")
      .trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(
    `ratio: best round of each side (${CALL_ROUNDS} per-call rounds, ${ROUNDS} parallel); median: of the per-round ratios (rounds alternate engine and baseline),`,
  );
  console.log("with a bootstrap interval of that median. Targets are judged on the median: met when its whole interval is within.");
  console.log("In Node the engine's provider tells fetch not to follow redirects (following them makes fetch copy every request body)");
  console.log("and follows them only for an endpoint that redirects; the third row compares with a raw fetch doing the same.");
  console.log("Once an endpoint's first stream has ended right after [DONE], the provider leaves the end of later streams unread");
  console.log("(reading it makes Node's fetch close its streams); the raw baselines read each body to its end.");
  console.log(`CPU time is the whole process's, mock server included. Load average ${load.toFixed(1)} on ${cpus().length} CPUs at start.`);
  console.log("Verdicts:");
  console.log(judged("per-call engine cost vs raw fetch", cost.engine.wall, cost.raw.wall, 1.2, cost.allExact));
  for (const [i, n] of [5, 20].entries()) {
    const run = runs[i] as Awaited<ReturnType<typeof parallel>>;
    console.log(judged(`${n} parallel tasks vs ideal`, run.engine, LATENCY, 1.1, run.allExact));
  }
  console.log(`  prompt scaffolding of a trivial task < 800 characters: ${scaffolding < 800 ? "met" : "MISSED"}, ${scaffolding}`);
} finally {
  await server.close();
}
