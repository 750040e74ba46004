import { describe, expect, it } from "vitest";
import { parseReact } from "./react";
import { testCrew } from "./testing/harness";
import { ofType, rig } from "./testing/rig";

function toolCrew(tools: string[], agent: Record<string, unknown> = {}, tasks = 1) {
  return testCrew({
    tools: tools.map((name) => ({ name })),
    agents: [{ tools: tools.map((_, i) => `tool${i + 1}`), ...agent }],
    tasks: Array.from({ length: tasks }, () => ({})),
  });
}

describe("ReAct fallback", () => {
  it("falls back to the text protocol when the provider refuses tools, and later tasks go straight to it", async () => {
    const r = rig(
      [
        'Thought: echo it\nAction: echo\nAction Input: {"text": "ping"}',
        "Thought: I know the final answer\nFinal Answer: pong",
        "Final Answer: second task done",
      ],
      { provider: { supportsTools: false } },
    );
    const result = await r.run(toolCrew(["echo"], {}, 2));
    expect(result.status).toBe("completed");
    expect(result.tasks.map((t) => t.raw)).toEqual(["pong", "second task done"]);
    expect(r.host.invocations).toEqual([{ tool: "echo", args: { text: "ping" } }]);
    const fallbacks = ofType(result.events, "llm.fallback");
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]?.reason).toContain("does not support tools");
    // One refused native request, then every request is text only, with the tools described in the system prompt.
    expect(r.provider.calls.map((c) => (c.tools ? "native" : "text"))).toEqual(["native", "text", "text", "text"]);
    const system = r.provider.calls[1]?.messages[0]?.content ?? "";
    expect(system).toContain("- echo: the echo tool");
    expect(system).toContain("Final Answer:");
    expect(r.provider.calls[1]?.stop).toEqual(["\nObservation:"]);
    const observation = r.provider.calls[2]?.messages.at(-1);
    expect(observation).toEqual({ role: "user", content: "Observation: echo: ping" });
    expect(r.provider.calls[3]?.messages[0]?.content).toContain("Tools:");
  });

  it("uses the text protocol from the start when the model config sets nativeTools: false", async () => {
    const r = rig(["Final Answer: ok"]);
    const crew = testCrew({
      llms: [{ id: "local", provider: "openai-compatible", model: "small", nativeTools: false }],
      defaultLlm: "local",
      tools: [{ name: "echo" }],
      agents: [{ tools: ["tool1"] }],
      tasks: [{}],
    });
    r.options.resolveLlm = (config) => ({ provider: r.provider, model: "small", ...(config ? { config } : {}) });
    const result = await r.run(crew);
    expect(result.raw).toBe("ok");
    expect(r.provider.calls).toHaveLength(1);
    expect(r.provider.calls[0]?.tools).toBeUndefined();
    expect(ofType(result.events, "llm.fallback")).toHaveLength(0);
  });
});

describe("ReAct parsing in the loop", () => {
  const text = { provider: { supportsTools: false } };

  it("a Final Answer wins even when an Action is also present", async () => {
    const r = rig(['Thought: x\nAction: echo\nAction Input: {"text": "a"}\nFinal Answer: the end'], text);
    const result = await r.run(toolCrew(["echo"]));
    expect(result.raw).toBe("the end");
    expect(r.host.invocations).toHaveLength(0);
  });

  it("repairs Action Input with single quotes and Python literals, and matches a misspelt tool name", async () => {
    const r = rig(["Action: Calculater\nAction Input: {'text': 'yes', 'flag': True, 'none': None}", "Final Answer: ok"], text);
    const result = await r.run(toolCrew(["calculator"]));
    expect(result.raw).toBe("ok");
    expect(r.host.invocations).toEqual([{ tool: "calculator", args: { text: "yes", flag: true, none: null } }]);
    expect(ofType(result.events, "tool.started")[0]?.tool).toBe("calculator");
  });

  it("wraps a bare string input for a single-argument tool; a two-argument tool gets an error observation", async () => {
    const r = rig(
      [
        "Action: ECHO\nAction Input: hello world",
        "Action: add\nAction Input: 2 and 3",
        'Action: add\nAction Input: ```json\n{"a": 2, "b": 3}\n```',
        "Final Answer: 5",
      ],
      text,
    );
    const result = await r.run(toolCrew(["echo", "add"]));
    expect(result.raw).toBe("5");
    expect(r.host.invocations).toEqual([
      { tool: "echo", args: { text: "hello world" } },
      { tool: "add", args: { a: 2, b: 3 } },
    ]);
    // calls[0] is the refused native request.
    expect(r.provider.calls[3]?.messages.at(-1)?.content).toContain("Observation: Error: the input for add must be a JSON object");
  });

  it("feeds parse errors back and counts them as iterations", async () => {
    const r = rig(["Action: echo", "Action: echo", "Action: echo", "Final Answer: forced"], text);
    const result = await r.run(toolCrew(["echo"], { maxIter: 3 }));
    expect(result.status).toBe("completed");
    expect(result.raw).toBe("forced");
    const errors = ofType(result.events, "agent.parse_error");
    expect(errors.map((e) => e.iteration)).toEqual([1, 2, 3]);
    expect(errors[0]?.error).toContain("has no 'Action Input:' line");
    expect(r.provider.calls[2]?.messages.at(-1)?.content).toContain(
      "Your last reply could not be used ('Action: echo' has no 'Action Input:' line)",
    );
    expect(ofType(result.events, "agent.forced_final")).toHaveLength(1);
    expect(r.provider.calls).toHaveLength(5);
  });

  it("accepts two plain prose replies as the answer", async () => {
    const r = rig(["I think it is blue.", "The sky is blue because of Rayleigh scattering."], text);
    const result = await r.run(toolCrew(["echo"]));
    expect(result.status).toBe("completed");
    expect(result.raw).toBe("The sky is blue because of Rayleigh scattering.");
    expect(ofType(result.events, "agent.parse_error")).toHaveLength(2);
    expect(r.provider.calls).toHaveLength(3);
  });

  it("does not take prose as the answer when a tool step came in between", async () => {
    const r = rig(["prose one", 'Action: echo\nAction Input: {"text": "x"}', "prose two", "Final Answer: real"], text);
    const result = await r.run(toolCrew(["echo"]));
    expect(result.raw).toBe("real");
    expect(r.provider.calls).toHaveLength(5);
  });

  it("does not run an identical repeated action again", async () => {
    const step = 'Action: echo\nAction Input: {"text": "same"}';
    const r = rig([step, step, "Final Answer: done"], text);
    const result = await r.run(toolCrew(["echo"]));
    expect(result.raw).toBe("done");
    expect(r.host.invocations).toHaveLength(1);
    expect(r.provider.calls[3]?.messages.at(-1)?.content).toContain("Observation: You already used echo with exactly this input");
  });

  it("turns tool failures into 'Error: …' observations", async () => {
    const r = rig(['Action: fail\nAction Input: {"text": "x"}', "Final Answer: recovered"], text);
    const result = await r.run(toolCrew(["fail"]));
    expect(result.raw).toBe("recovered");
    expect(r.provider.calls[2]?.messages.at(-1)?.content).toBe("Observation: Error: fail: the tool broke");
  });

  it("ends at maxIter even if the model keeps acting", async () => {
    let n = 0;
    const r = rig(() => `Action: echo\nAction Input: {"text": "${++n}"}`, text);
    const result = await r.run(toolCrew(["echo"], { maxIter: 2 }));
    expect(result.status).toBe("completed");
    expect(ofType(result.events, "agent.forced_final")).toHaveLength(1);
    // One refused native call, two iterations, one forced request.
    expect(r.provider.calls).toHaveLength(4);
    expect(r.host.invocations).toHaveLength(2);
  });
});

describe("parseReact", () => {
  it("reads thought, action and input, and ignores an invented Observation", () => {
    expect(parseReact('Thought: look\nAction: echo\nAction Input: {"text": "a"}\nObservation: made up')).toEqual({
      kind: "action",
      tool: "echo",
      input: { text: "a" },
      rawInput: '{"text": "a"}',
      thought: "look",
    });
  });

  it("takes the text after the last Final Answer and reports a missing action", () => {
    expect(parseReact("Final Answer: draft\nFinal Answer: final")).toMatchObject({ kind: "final", answer: "final" });
    expect(parseReact("just words")).toMatchObject({ kind: "error" });
    expect(parseReact("Final Answer:   ")).toMatchObject({ kind: "error" });
  });
});
