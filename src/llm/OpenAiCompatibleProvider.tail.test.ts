import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChatRequest } from "../engine/ports";
import { OpenAiCompatibleProvider } from "./OpenAiCompatibleProvider";
import { contentChunk, type StubServer, sseStart, startStub } from "./testing/stubServer";

// What the provider does with the rest of a stream after [DONE], with Node's own fetch against a real server.

let stub: StubServer;
beforeEach(async () => {
  stub = await startStub();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await stub.close();
});

const request = (): ChatRequest => ({ model: "m1", messages: [{ role: "user", content: "hi" }], signal: new AbortController().signal });

async function until(check: () => boolean, ms = 2000): Promise<void> {
  for (const start = Date.now(); !check() && Date.now() - start < ms; ) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Counts reads of any web stream that came back `done`: the provider reading a body to its very end. */
function countEndReads(): () => number {
  const prototype = Object.getPrototypeOf(new ReadableStream().getReader()) as ReadableStreamDefaultReader<Uint8Array>;
  const read = prototype.read;
  let ends = 0;
  vi.spyOn(prototype, "read").mockImplementation(function (this: ReadableStreamDefaultReader<Uint8Array>) {
    return read.call(this).then((result) => {
      if (result.done) ends++;
      return result;
    });
  });
  return () => ends;
}

describe("OpenAiCompatibleProvider after [DONE] (Node's fetch)", () => {
  it("reads the first stream to its end, then leaves the end of later ones unread, on the same connections", async () => {
    stub.handle = (_req, res) => {
      const send = sseStart(res);
      send(contentChunk("fine", "stop"));
      send("[DONE]");
      res.end();
    };
    const ends = countEndReads();
    const provider = new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl });
    expect((await provider.chat(request())).content).toBe("fine");
    await until(() => ends() === 1);
    expect(ends()).toBe(1);
    for (let i = 0; i < 6; i++) expect((await provider.chat(request())).content).toBe("fine");
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Learned from the first: the server ends its streams at [DONE], so nothing more was read of the later ones.
    expect(ends()).toBe(1);
    // The server had ended each body: Node's fetch freed the connection without the end being read.
    expect(stub.connections).toBeLessThanOrEqual(2);
    expect(stub.requests).toHaveLength(7);
  });

  it("keeps reading, and cancelling, the streams of a server that talks on after [DONE]", async () => {
    let cancelled = 0;
    stub.handle = (_req, res) => {
      const send = sseStart(res);
      send(contentChunk("chatty", "stop"));
      send("[DONE]");
      const talk = setInterval(() => res.write(": still here\n\n"), 2);
      res.on("close", () => {
        clearInterval(talk);
        cancelled++;
      });
    };
    const provider = new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl });
    for (let call = 1; call <= 3; call++) {
      expect((await provider.chat(request())).content).toBe("chatty");
      await until(() => cancelled === call);
      expect(cancelled).toBe(call);
    }
  });
});
