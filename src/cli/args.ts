/** Parsed command line of `crewdeck`. */
export type CliCommand =
  | {
      command: "run";
      file: string;
      inputs: Record<string, string>;
      baseUrl?: string;
      model?: string;
      apiKeyEnv: string;
      events?: string;
      json: boolean;
      interactive: boolean;
      noStream: boolean;
      /** A batch: one run per row of this CSV or JSON file. */
      inputsFile?: string;
      /** Most runs of a batch at once. */
      concurrency: number;
      /** A JSON file the crew's memory is kept in across runs (--memory). */
      memory?: string;
      /** Files the crew may draw on (crew-wide knowledge sources, indexed in memory for this run). */
      knowledge: string[];
    }
  | { command: "validate"; file: string; json: boolean }
  | { command: "help" };

/** Most runs of a batch at once unless --concurrency says otherwise. */
export const DEFAULT_CONCURRENCY = 2;

/** A command-line mistake, shown with the usage text and exit code 1. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The help text. */
export const USAGE = `Usage:
  crewdeck run <crew.json> [--input key=value ...] [--base-url URL] [--model NAME]
                           [--api-key-env VAR] [--events FILE] [--json] [--interactive] [--no-stream] [--memory FILE]
                           [--inputs-file rows.csv|rows.json [--concurrency N]] [--knowledge FILE ...]
  crewdeck validate <crew.json> [--json]

run       runs the crew against an OpenAI-compatible endpoint and prints its output
validate  checks the crew file and prints each problem with its JSON path

--input key=value   a value for a {placeholder} (repeatable; overrides the crew's inputs)
--base-url URL      endpoint for every model of the crew, e.g. http://localhost:11434/v1
--model NAME        model name for every model of the crew
--api-key-env VAR   environment variable holding the API key (default OPENAI_API_KEY)
--events FILE       write the run's event stream to FILE as NDJSON
--json              print one JSON object (raw, tasks, usage, durationMs) instead of progress
--interactive       ask on the terminal to approve tasks marked for human review
--no-stream         ask the endpoint for whole answers instead of streamed tokens
--inputs-file FILE  a batch: run the crew once per row of FILE, a CSV with a header row naming the inputs
                    or a JSON array of objects; --input values fill what a row leaves out. Prints a summary
                    (with --json: the results array and the total usage)
--concurrency N     most runs of a batch at once (default ${DEFAULT_CONCURRENCY})
--memory FILE       keep the crew's memory in FILE (JSON, as the app exports it; created when missing), so runs
                    remember earlier runs when the crew or an agent has memory on
--knowledge FILE    a .txt, .md, .csv, .json or .pdf file the crew may draw on (repeatable): the best passages are
                    added to each task's prompt and the search_knowledge tool searches them

Exit codes: 0 ok, 1 invalid crew or input, 2 run failed (in a batch: any run), 130 cancelled.`;

/** Parses argv (without node and script); throws UsageError with a precise message. */
export function parseArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") return { command: "help" };
  if (command !== "run" && command !== "validate") throw new UsageError(`unknown command "${command}"`);
  const positional: string[] = [];
  const inputs: Record<string, string> = {};
  const knowledge: string[] = [];
  const flags: Record<string, string | true> = {};
  const takesValue = new Set([
    "--input",
    "--base-url",
    "--model",
    "--api-key-env",
    "--events",
    "--inputs-file",
    "--concurrency",
    "--knowledge",
    "--memory",
  ]);
  const switches = new Set(["--json", "--interactive", "--no-stream"]);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const [name, inline] =
      arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (takesValue.has(name)) {
      const value = inline ?? rest[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      if (name === "--input") {
        const eq = value.indexOf("=");
        if (eq <= 0) throw new UsageError(`--input takes key=value, got "${value}"`);
        inputs[value.slice(0, eq)] = value.slice(eq + 1);
      } else if (name === "--knowledge") knowledge.push(value);
      else flags[name] = value;
    } else if (switches.has(name)) flags[name] = true;
    else if (name.startsWith("-")) throw new UsageError(`unknown option "${name}"`);
    else positional.push(arg);
  }
  if (positional.length !== 1)
    throw new UsageError(
      positional.length === 0 ? "which crew file? (crewdeck run <crew.json>)" : `one crew file at a time, got ${positional.length}`,
    );
  const file = positional[0] as string;
  if (command === "validate") return { command, file, json: flags["--json"] === true };
  const concurrency = flags["--concurrency"] === undefined ? DEFAULT_CONCURRENCY : Number(flags["--concurrency"]);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UsageError(`--concurrency takes a whole number of at least 1, got "${flags["--concurrency"]}"`);
  if (flags["--concurrency"] !== undefined && flags["--inputs-file"] === undefined)
    throw new UsageError("--concurrency applies to a batch: give the rows with --inputs-file");
  if (flags["--inputs-file"] !== undefined && flags["--interactive"])
    throw new UsageError("--interactive asks one question at a time, so it cannot review the runs of a batch (--inputs-file)");
  return {
    command,
    file,
    inputs,
    ...(typeof flags["--base-url"] === "string" ? { baseUrl: flags["--base-url"] } : {}),
    ...(typeof flags["--model"] === "string" ? { model: flags["--model"] } : {}),
    apiKeyEnv: typeof flags["--api-key-env"] === "string" ? flags["--api-key-env"] : "OPENAI_API_KEY",
    ...(typeof flags["--events"] === "string" ? { events: flags["--events"] } : {}),
    json: flags["--json"] === true,
    interactive: flags["--interactive"] === true,
    noStream: flags["--no-stream"] === true,
    ...(typeof flags["--inputs-file"] === "string" ? { inputsFile: flags["--inputs-file"] } : {}),
    ...(typeof flags["--memory"] === "string" ? { memory: flags["--memory"] } : {}),
    concurrency,
    knowledge,
  };
}
