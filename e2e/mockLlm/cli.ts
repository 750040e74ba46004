/**
 * Starts the mock LLM server from the command line (e.g. as a Playwright webServer):
 *   npx tsx e2e/mockLlm/cli.ts --port 4599 [--script rules.json] [--latency 50] [--models a,b] [--no-cors]
 * Prints "MockLlmServer listening on http://127.0.0.1:PORT/v1" once it accepts requests.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { MockLlmServer } from "./MockLlmServer";
import { parseScript } from "./rules";
import type { Rule } from "./types";

const USAGE = "usage: tsx e2e/mockLlm/cli.ts [--port 4599] [--script rules.json] [--latency ms] [--models name,name] [--no-cors]";

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name}: expected a whole number, got "${value}"`);
  return parsed;
}

function loadScript(file: string): Rule[] {
  try {
    return parseScript(JSON.parse(readFileSync(file, "utf8")));
  } catch (error) {
    throw new Error(`--script ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      script: { type: "string" },
      latency: { type: "string" },
      models: { type: "string" },
      "no-cors": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const rules = values.script === undefined ? [] : loadScript(values.script);
  const server = await MockLlmServer.start({
    port: number(values.port, "port") ?? 4599,
    latencyMs: number(values.latency, "latency") ?? 0,
    ...(values.models ? { models: values.models.split(",").map((name) => name.trim()) } : {}),
    cors: !values["no-cors"],
  });
  server.script(rules);
  console.log(`MockLlmServer listening on ${server.url}`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(1);
});
