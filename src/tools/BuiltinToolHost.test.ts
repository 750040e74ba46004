import { describe, expect, it } from "vitest";
import { BUILTIN_TOOLS } from "../model";
import { BuiltinToolHost, builtinToolNames } from "./BuiltinToolHost";
import { builtinTool, toolContext } from "./testSupport";

const host = new BuiltinToolHost({ now: () => 0 });
const calculator = builtinTool("calculator");

describe("BuiltinToolHost.spec", () => {
  it("covers every built-in the model layer lists", () => {
    expect([...builtinToolNames].sort()).toEqual([...BUILTIN_TOOLS].sort());
  });

  it("offers each tool under its own name with the default description and a JSON Schema", () => {
    expect(host.spec(calculator)).toEqual({
      name: "calculator",
      description: "Evaluates arithmetic expressions exactly, e.g. (31 + 45 + 28) / 3.",
      parameters: {
        type: "object",
        properties: { expression: { type: "string", minLength: 1, description: expect.stringContaining("Arithmetic expression") } },
        required: ["expression"],
      },
    });
    expect(host.spec(builtinTool("datetime")).parameters).toMatchObject({ type: "object", properties: { timezone: { type: "string" } } });
    expect(host.spec(builtinTool("datetime")).parameters).not.toHaveProperty("required");
    expect(host.spec(builtinTool("http_get")).parameters).toMatchObject({
      properties: { url: { type: "string", format: "uri" } },
      required: ["url"],
    });
    expect(host.spec(builtinTool("read_file")).parameters).toMatchObject({ required: ["path"] });
    expect(host.spec(builtinTool("write_file")).parameters).toMatchObject({ required: ["path", "content"] });
    for (const name of builtinToolNames) expect(host.spec(builtinTool(name)).parameters).not.toHaveProperty("$schema");
  });

  it("prefers the tool's own description and hands out copies of the schema", () => {
    const spec = host.spec(builtinTool("calculator", {}, "  Does sums for the budget.  "));
    expect(spec.description).toBe("Does sums for the budget.");
    (spec.parameters as { required: string[] }).required.push("oops");
    expect(host.spec(calculator).parameters).toMatchObject({ required: ["expression"] });
  });

  it("refuses tools it cannot run", () => {
    expect(() => host.spec({ ...calculator, id: "mine", kind: "custom" })).toThrow("tool mine: custom tools are not supported yet");
    expect(() => host.spec({ ...calculator, id: "srv", kind: "mcp" })).toThrow("tool srv: MCP tools are not supported yet");
    expect(() => host.spec(builtinTool("teleport"))).toThrow(
      "tool teleport-1: there is no built-in tool named 'teleport' (built-ins: calculator,",
    );
    expect(host.supports(calculator)).toBe(true);
    expect(host.supports({ ...calculator, kind: "custom" })).toBe(false);
  });

  it("refuses unusable config, naming the tool and the field", () => {
    expect(() => host.spec(builtinTool("http_get", { timeoutMs: -5 }))).toThrow(
      "http_get: invalid config: 'timeoutMs' must be a positive number of milliseconds.",
    );
    expect(() => host.spec(builtinTool("http_get", { maxBytes: "lots" }))).toThrow(
      "http_get: invalid config: 'maxBytes' must be a number, not the text \"lots\".",
    );
  });
});

describe("BuiltinToolHost.invoke", () => {
  it("runs the calculator", async () => {
    expect(await host.invoke(calculator, { expression: "avg(34, 27, 45, 52, 19, 38)" }, toolContext())).toBe("35.8333333333");
    expect(await host.invoke(calculator, { expression: "2+2", reason: "checking" }, toolContext())).toBe("4");
  });

  it("names the tool and the bad field", async () => {
    const context = toolContext();
    await expect(host.invoke(calculator, {}, context)).rejects.toThrow(
      'calculator: invalid arguments: \'expression\' is missing (expected a string). Example: {"expression":"(31 + 45 + 28) / 3"}',
    );
    await expect(host.invoke(calculator, { expresion: "1+1" }, context)).rejects.toThrow(
      "calculator: invalid arguments: 'expression' is missing (expected a string) (unexpected field: expresion).",
    );
    await expect(host.invoke(calculator, { expression: 42 }, context)).rejects.toThrow(
      "calculator: invalid arguments: 'expression' must be a string, not a number.",
    );
    await expect(host.invoke(calculator, { expression: "" }, context)).rejects.toThrow(
      "calculator: invalid arguments: 'expression' must not be empty.",
    );
    await expect(host.invoke(calculator, "2+2", context)).rejects.toThrow(
      'calculator: the arguments must be a JSON object, not the text "2+2".',
    );
    await expect(host.invoke(calculator, null, context)).rejects.toThrow("calculator: the arguments must be a JSON object, not null.");
    await expect(host.invoke(builtinTool("http_get"), { url: "ftp://example.com/x" }, context)).rejects.toThrow(
      "http_get: invalid arguments: 'url' must be an http(s) URL such as https://example.com/page.",
    );
    await expect(host.invoke(builtinTool("write_file"), { path: "a.md" }, context)).rejects.toThrow(
      "write_file: invalid arguments: 'content' is missing (expected a string).",
    );
    await expect(host.invoke(builtinTool("datetime"), { timezone: ["UTC"] }, context)).rejects.toThrow(
      "datetime: invalid arguments: 'timezone' must be a string, not an array.",
    );
  });

  it("passes the calculator's own errors through", async () => {
    await expect(host.invoke(calculator, { expression: "1/0" }, toolContext())).rejects.toThrow("calculator: division by zero");
  });

  it("refuses custom tools and aborted runs", async () => {
    await expect(host.invoke({ ...calculator, kind: "custom" }, {}, toolContext())).rejects.toThrow(
      "tool calculator-1: custom tools are not supported yet",
    );
    const context = toolContext();
    context.controller.abort(new Error("run cancelled"));
    await expect(host.invoke(calculator, { expression: "1" }, context)).rejects.toThrow("run cancelled");
  });
});

describe("BuiltinToolHost.cacheable", () => {
  it("keeps the clock out of the tool cache and lets the other tools in", () => {
    const host = new BuiltinToolHost();
    const tool = (name: string) => ({ id: name, kind: "builtin" as const, name, description: "", config: {} });
    expect(host.cacheable(tool("datetime"))).toBe(false);
    expect(host.cacheable(tool("calculator"))).toBe(true);
    expect(host.cacheable(tool("http_get"))).toBe(true);
  });
});
