import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline/promises";
import { CrewInvalidError, type HumanInput, type KnowledgeBase, kickoff, type MemoryStore, type ResolveLlm } from "../engine";
import { OpenAiCompatibleProvider } from "../llm";
import type { Embedder } from "../memory/MemoryBank";
import { type Crew, describeProblems, formatPath, type LlmConfig, type Problem, readCrewJson, validateCrew } from "../model";
import { BuiltinToolHost, RunFileSpace } from "../tools";
import { parseArgs, USAGE, UsageError } from "./args";
import { resultJson, runBatch } from "./batch";
import { loadKnowledgeFiles } from "./knowledgeFiles";
import { openMemoryFile } from "./memoryFile";
import { progressPrinter } from "./progress";

/** Where the CLI reads and writes, injected so tests can run it in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Resolves when the user asks to cancel (Ctrl+C). */
  interrupted?: Promise<void>;
  /** Asks the person at the terminal a question (--interactive); defaults to a readline prompt on stdin. */
  ask?: (question: string, signal: AbortSignal) => Promise<string>;
}

/** Exit codes, as documented in the usage text. */
export const EXIT = { ok: 0, invalid: 1, failed: 2, cancelled: 130 } as const;

/** Runs one CLI invocation and returns its exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let cmd: ReturnType<typeof parseArgs>;
  try {
    cmd = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`crewdeck: ${error.message}\n\n${USAGE}\n`);
    return EXIT.invalid;
  }
  if (cmd.command === "help") {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  const loaded = await loadCrew(cmd.file, io);
  if (!loaded) return EXIT.invalid;
  if (cmd.command === "validate") {
    const problems = validateCrew(loaded);
    if (cmd.json) io.stdout(`${JSON.stringify({ valid: problems.length === 0, problems: problems.map(plain) }, null, 2)}\n`);
    else
      io.stdout(problems.length ? `${cmd.file}: ${problems.length} problem(s)\n${describeProblems(problems)}\n` : `${cmd.file}: valid\n`);
    return problems.length ? EXIT.invalid : EXIT.ok;
  }

  const apiKey = io.env[cmd.apiKeyEnv];
  const endpoint = checkEndpoints(loaded, cmd.baseUrl, cmd.model);
  if (endpoint) {
    io.stderr(`crewdeck: ${endpoint}\n`);
    return EXIT.invalid;
  }
  let knowledge: KnowledgeBase | undefined;
  if (cmd.knowledge.length) {
    try {
      const loadedKnowledge = await loadKnowledgeFiles(cmd.knowledge);
      knowledge = loadedKnowledge.base;
      if (!cmd.json) io.stderr(`crewdeck: ${loadedKnowledge.summary}\n`);
    } catch (error) {
      io.stderr(`crewdeck: ${(error as Error).message}\n`);
      return EXIT.invalid;
    }
  }
  const providers = new Map<string, OpenAiCompatibleProvider>();
  const providerFor = (baseUrl: string) => {
    let provider = providers.get(baseUrl);
    if (!provider) {
      provider = new OpenAiCompatibleProvider({ baseUrl, ...(apiKey ? { apiKey } : {}), stream: !cmd.noStream });
      providers.set(baseUrl, provider);
    }
    return provider;
  };
  const resolveLlm: ResolveLlm = (config) => {
    const llm = config ?? loaded.llms.find((l) => l.id === loaded.defaultLlm) ?? loaded.llms[0];
    const baseUrl = (cmd.baseUrl ?? llm?.baseUrl) as string;
    const model = (cmd.model ?? llm?.model) as string;
    return { provider: providerFor(baseUrl), model, ...(llm ? { config: llm } : {}) };
  };
  const controller = new AbortController();
  let memory: MemoryStore | undefined;
  if (cmd.memory) {
    try {
      const embedder = embedderFor(loaded, cmd.baseUrl, providerFor, controller.signal);
      if (loaded.settings.embeddingLlm && !embedder)
        io.stderr(`crewdeck: note: memory searches by words only: the embedding model "${loaded.settings.embeddingLlm}" has no base URL\n`);
      memory = await openMemoryFile(cmd.memory, loaded.name, embedder);
    } catch (error) {
      io.stderr(`crewdeck: ${(error as Error).message}\n`);
      return EXIT.invalid;
    }
  }

  if (loaded.settings.costBudget)
    io.stderr(
      `crewdeck: note: the crew's cost budget ($${loaded.settings.costBudget}) needs the app's price table; here only the token budget applies\n`,
    );
  void io.interrupted?.then(() => controller.abort(new Error("interrupted (Ctrl+C)")));
  const eventsFile = cmd.events ? createWriteStream(cmd.events, { encoding: "utf8" }) : null;
  const closeEvents = () => new Promise<void>((resolve) => (eventsFile ? eventsFile.end(resolve) : resolve()));
  if (cmd.inputsFile) {
    const { file, inputsFile, inputs, concurrency, json } = cmd;
    const onEvent = (event: unknown) => eventsFile?.write(`${JSON.stringify(event)}\n`);
    try {
      return await runBatch(
        loaded,
        {
          file,
          inputsFile,
          inputs,
          concurrency,
          json,
          resolveLlm,
          signal: controller.signal,
          onEvent,
          ...(knowledge ? { knowledge } : {}),
          ...(memory ? { memory } : {}),
        },
        io,
      );
    } finally {
      await closeEvents();
    }
  }
  const printer = cmd.json ? null : progressPrinter(loaded, (line) => io.stderr(`${line}\n`));
  const files = new RunFileSpace();
  try {
    const result = await kickoff(loaded, cmd.inputs, {
      resolveLlm,
      host: new BuiltinToolHost(),
      ...(knowledge ? { knowledge } : {}),
      ...(memory ? { memory } : {}),
      files: () => files,
      signal: controller.signal,
      ...(cmd.interactive ? { human: terminalReview(io) } : {}),
      onEvent: (event) => {
        eventsFile?.write(`${JSON.stringify(event)}\n`);
        printer?.(event);
      },
    });
    if (cmd.json) io.stdout(`${JSON.stringify(resultJson(result))}\n`);
    else if (result.status === "completed") io.stdout(`${result.raw}\n`);
    return result.status === "completed" ? EXIT.ok : result.status === "cancelled" ? EXIT.cancelled : EXIT.failed;
  } catch (error) {
    if (!(error instanceof CrewInvalidError)) throw error;
    io.stderr(`crewdeck: ${cmd.file} cannot run:\n${describeProblems(error.problems)}\n`);
    return EXIT.invalid;
  } finally {
    await closeEvents();
  }
}

async function loadCrew(file: string, io: CliIo): Promise<Crew | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    io.stderr(
      `crewdeck: cannot read ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}\n`,
    );
    return null;
  }
  const read = readCrewJson(text);
  if (!read.ok) {
    io.stderr(`crewdeck: ${file} is not a valid crew:\n${describeProblems(read.problems)}\n`);
    return null;
  }
  return read.crew;
}

/** Says why some agent has no usable endpoint, or null when every one has. */
function checkEndpoints(crew: Crew, baseUrl: string | undefined, model: string | undefined): string | null {
  const fallback = crew.llms.find((l) => l.id === crew.defaultLlm) ?? crew.llms[0];
  const users: { who: string; llm: LlmConfig | undefined }[] = crew.agents.map((a) => ({
    who: `agent "${a.id}"`,
    llm:
      crew.llms.find((l) => l.id === (a.llm ?? (a.id === crew.settings.managerAgent ? crew.settings.managerLlm : undefined))) ?? fallback,
  }));
  // A generated manager is no agent of the crew, but it needs an endpoint too.
  if (crew.process === "hierarchical" && !crew.settings.managerAgent)
    users.push({ who: "the crew manager", llm: crew.llms.find((l) => l.id === crew.settings.managerLlm) ?? fallback });
  for (const { who, llm } of users.length ? users : [{ who: "the crew", llm: fallback }]) {
    if (llm?.provider === "webllm" && !baseUrl)
      return `${who} uses the in-browser model "${llm.model}", which runs in the app; pass --base-url and --model to run it against an API instead`;
    if (!(baseUrl ?? llm?.baseUrl))
      return `${who} has no endpoint: pass --base-url (e.g. http://localhost:11434/v1) or add a model config with a base URL to the crew`;
    if (!(model ?? llm?.model)) return `${who} has no model name: pass --model`;
  }
  return null;
}

/**
 * The crew's embedding model for memory search, when it names one. `--base-url` moves it with the chat models; its own
 * model name is kept (`--model` names a chat model). Validation has already checked that the id exists.
 */
function embedderFor(
  crew: Crew,
  baseUrl: string | undefined,
  providerFor: (baseUrl: string) => OpenAiCompatibleProvider,
  signal: AbortSignal,
): Embedder | undefined {
  const config = crew.llms.find((l) => l.id === crew.settings.embeddingLlm);
  const url = baseUrl ?? config?.baseUrl;
  if (!config || !url || config.provider === "webllm") return undefined;
  const provider = providerFor(url);
  return { model: config.model, embed: (texts) => provider.embed({ model: config.model, input: texts, signal }) };
}

function plain(p: Problem) {
  return { path: formatPath(p.path), message: p.message, level: p.level, code: p.code };
}

/** Human review on the terminal: Enter approves, any text sends the task back with that feedback. */
function terminalReview(io: CliIo): HumanInput {
  const ask = io.ask ?? readlineAsk;
  return {
    async review({ task, output, signal }) {
      io.stderr(`\n--- ${task.name || task.id} ---\n${output}\n---\n`);
      const answer = await ask("Approve? Press Enter, or type feedback to send it back: ", signal);
      return answer.trim() ? { approved: false, feedback: answer.trim() } : { approved: true };
    },
  };
}

async function readlineAsk(question: string, signal: AbortSignal): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question, { signal });
  } finally {
    rl.close();
  }
}
