import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { parseScript } from "./rules";
import { ask } from "./testHelpers";

describe("parseScript", () => {
  it("reads substrings and /regexp/flags strings", () => {
    const [substring, regexp] = parseScript([
      { match: "weather", times: 2, reply: { content: "sunny" } },
      { matchAny: "/research(er)?/i", reply: { toolCalls: [{ name: "search", arguments: { q: "x" } }] } },
    ]);
    expect(substring).toEqual({ match: "weather", times: 2, reply: { content: "sunny" } });
    expect(regexp?.matchAny).toEqual(/research(er)?/i);
  });

  it("names the path of a problem", () => {
    expect(() => parseScript({})).toThrow("$: a script is a JSON array of rules");
    expect(() => parseScript([{ reply: { content: "ok" } }, { match: 3, reply: {} }])).toThrow("$[1].match");
    expect(() => parseScript([{ match: "x" }])).toThrow("$[0].reply: expected an object");
    expect(() => parseScript([{ reply: { error: {} } }])).toThrow("$[0].reply.error.status");
    expect(() => parseScript([{ times: -1, reply: {} }])).toThrow("$[0].times");
  });
});

describe("cli", () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill("SIGTERM");
  });

  it("starts the server from a script file and prints its URL", { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "mock-llm-"));
    const script = join(dir, "rules.json");
    writeFileSync(script, JSON.stringify([{ match: "/^ping$/i", reply: { content: "pong" } }]));
    const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));
    const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
    child = spawn(tsx, [cli, "--port", "0", "--script", script], { stdio: ["ignore", "pipe", "pipe"] });
    const url = await new Promise<string>((resolve, reject) => {
      let output = "";
      child?.stdout?.on("data", (data: Buffer) => {
        output += data.toString();
        const found = /listening on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(output);
        if (found?.[1]) resolve(found[1]);
      });
      child?.stderr?.on("data", (data: Buffer) => reject(new Error(data.toString())));
      child?.once("exit", (code) => reject(new Error(`cli exited with ${code}`)));
    });
    const response = await fetch(`${url}/chat/completions`, { method: "POST", body: JSON.stringify(ask("PING")) });
    expect((await response.json()).choices[0].message.content).toBe("pong");
  });
});
