import { describe, expect, it } from "vitest";
import { readChatStream } from "./chatStream";

const site = { label: "test", url: "http://127.0.0.1:1/v1/chat/completions" };
const chunk = (content: string, finish: string | null = null) =>
  JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: finish }] });

/** A body that delivers exactly these byte pieces, one read each. */
function body(pieces: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(typeof piece === "string" ? encoder.encode(piece) : piece);
      controller.close();
    },
  });
}

async function read(pieces: (string | Uint8Array)[]) {
  const tokens: string[] = [];
  const response = await readChatStream(body(pieces), site, new AbortController().signal, { onToken: (t) => tokens.push(t) });
  return { response, tokens };
}

describe("readChatStream", () => {
  it("keeps a multi-byte character whole when a chunk boundary cuts through it", async () => {
    const bytes = new TextEncoder().encode(`data: ${chunk("a😀é", "stop")}\n\ndata: [DONE]\n\n`);
    const cut = bytes.indexOf(0xf0) + 2;
    const cutAgain = bytes.indexOf(0xc3) + 1;
    const { response } = await read([bytes.slice(0, cut), bytes.slice(cut, cutAgain), bytes.slice(cutAgain)]);
    expect(response.content).toBe("a😀é");
  });

  it("takes CR-only line ends, a CRLF cut between chunks, comments, and a leading BOM", async () => {
    const { response, tokens } = await read([
      `\uFEFF: hello\rdata: ${chunk("one ")}\r`,
      `\n\r\ndata: ${chunk("two", "stop")}\r\r`,
      "data: [DONE]\r\r",
    ]);
    expect(tokens).toEqual(["one ", "two"]);
    expect(response).toMatchObject({ content: "one two", finishReason: "stop" });
  });

  it("joins multi-line data, and drops a last event cut off before its blank line", async () => {
    const { response } = await read([`data: {"choices":[{"index":0,\ndata: "delta":{"content":"x"},"finish_reason":"stop"}]}\n\n`]);
    expect(response).toMatchObject({ content: "x", finishReason: "stop" });
    const cut = await read([`data: ${chunk("x ")}\n\ndata: ${chunk("y", "stop")}`]).catch((e: unknown) => e);
    expect(cut).toMatchObject({ kind: "network" });
  });

  it("reports an `event: error` as a server error", async () => {
    const error = await read([`data: ${chunk("a")}\n\nevent: error\ndata: {"message":"overloaded"}\n\n`]).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "server" });
    expect(String(error)).toContain("overloaded");
  });

  it("answers at [DONE] without waiting for the stream's end, then reads that end so the connection can be reused", async () => {
    let pulls = 0;
    let closed = false;
    const encoder = new TextEncoder();
    let finish: () => void = () => undefined;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        if (pulls === 1) controller.enqueue(encoder.encode(`data: ${chunk("hi", "stop")}\n\ndata: [DONE]\n\n`));
        // The end of the body comes later, as the last bytes of a chunked answer do.
        else
          return new Promise<void>((resolve) => {
            finish = () => {
              controller.close();
              closed = true;
              resolve();
            };
          });
      },
    });
    const response = await readChatStream(stream, site, new AbortController().signal);
    expect(response.content).toBe("hi");
    expect(closed).toBe(false);
    finish();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Read to its end (not cancelled): the stream closed by itself and nothing is locked or pending.
    expect(closed).toBe(true);
    expect(pulls).toBe(2);
  });

  it("with tail 'leave', answers at [DONE] and never reads or cancels the rest", async () => {
    let pulls = 0;
    let cancelled = false;
    const encoder = new TextEncoder();
    // A high-water mark of 0 pulls only for a read, as the body of Node's fetch does.
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++;
          controller.enqueue(encoder.encode(pulls === 1 ? `data: ${chunk("hi", "stop")}\n\ndata: [DONE]\n\n` : ": more\n\n"));
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    let told = false;
    const onTail = () => {
      told = true;
    };
    const response = await readChatStream(stream, site, new AbortController().signal, { tail: "leave", onTail });
    expect(response.content).toBe("hi");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect({ pulls, cancelled, told }).toEqual({ pulls: 1, cancelled: false, told: false });
  });

  it("tells onTail whether a read tail was only the stream's end", async () => {
    const tails: boolean[] = [];
    const onTail = (clean: boolean) => tails.push(clean);
    await readChatStream(body([`data: ${chunk("a", "stop")}\n\ndata: [DONE]\n\n`]), site, new AbortController().signal, { onTail });
    await readChatStream(body([`data: ${chunk("a", "stop")}\n\ndata: [DONE]\n\n`, ": more\n\n"]), site, new AbortController().signal, {
      onTail,
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(tails).toEqual([true, false]);
  });

  it("cancels a stream that keeps talking after [DONE]", async () => {
    let cancelled = false;
    const encoder = new TextEncoder();
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(encoder.encode(sent++ === 0 ? `data: ${chunk("hi", "stop")}\n\ndata: [DONE]\n\n` : ": still here\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    const response = await readChatStream(stream, site, new AbortController().signal);
    expect(response.content).toBe("hi");
    for (let i = 0; i < 20 && !cancelled; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(cancelled).toBe(true);
  });
});
