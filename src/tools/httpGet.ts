import { z } from "zod";
import { abortError } from "../engine/ports";
import { defineTool } from "./builtinTool";
import { htmlToText } from "./htmlText";

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BYTES = 1_000_000;
const DEFAULT_MAX_CHARS = 20_000;

const whole = (what: string) => z.number().int(`must be a whole number of ${what}`).positive(`must be a positive number of ${what}`);

/** The http_get tool: fetches a page or API over HTTP(S) and answers with readable text. */
export const httpGetTool = defineTool({
  name: "http_get",
  args: z.object({
    url: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://example.com/page" })
      .describe("The http:// or https:// address to fetch."),
  }),
  config: z.object({
    timeoutMs: whole("milliseconds").max(600_000, "must be at most 600000 (10 minutes)").optional(),
    maxBytes: whole("bytes").optional(),
    maxChars: whole("characters").optional(),
  }),
  example: { url: "https://example.com/" },
  async run({ url }, { config, context, env }) {
    const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxBytes = config.maxBytes ?? DEFAULT_MAX_BYTES;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = anySignal([context.signal, timeout]);
    // Every failure goes through here so an abort by the run stays an abort and a timeout says how long we waited.
    const failure = (error: unknown, reading: boolean): Error => {
      if (context.signal.aborted) return abortError(context.signal);
      if (timeout.aborted) return new Error(`http_get: ${url} did not answer within ${timeoutMs} ms`);
      if (!reading && error instanceof TypeError) {
        const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
        return new Error(
          `http_get: could not fetch ${url}: the site does not allow requests from this page (CORS) or the network failed${cause}`,
        );
      }
      return new Error(`http_get: ${reading ? "reading the answer from" : "could not fetch"} ${url} failed: ${(error as Error).message}`);
    };

    let response: Response;
    try {
      response = await env.fetch(url, {
        signal,
        redirect: "follow",
        headers: { accept: "text/html, application/json;q=0.9, text/*;q=0.8" },
      });
    } catch (error) {
      throw failure(error, false);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error(`http_get: ${url} answered with HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`);
    }
    const contentType = response.headers.get("content-type") ?? "";
    const mime = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
    const kind = kindOf(mime);
    if (!kind) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error(`http_get: ${url} returned ${mime}, which this tool cannot read (it reads HTML, JSON and text)`);
    }
    let body: { bytes: Uint8Array; truncated: boolean };
    try {
      body = await readLimited(response, maxBytes, signal);
    } catch (error) {
      throw failure(error, true);
    }
    if (signal.aborted) throw failure(signal.reason, true);
    const text = decode(body.bytes, contentType);
    const notes: string[] = [];
    if (body.truncated)
      notes.push(`[truncated: the response is larger than ${maxBytes} bytes; only the first ${maxBytes} bytes were read]`);
    // After a redirect the agent should know which page it is reading.
    const redirected = response.url && response.url !== new URL(url).href ? `URL: ${response.url}\n` : "";
    const content = redirected + render(kind, text, notes);
    return capChars(content, config.maxChars ?? DEFAULT_MAX_CHARS) + notes.map((note) => `\n\n${note}`).join("");
  },
});

type Kind = "html" | "json" | "text";

const TEXT_TYPES = new Set([
  "application/xml",
  "application/javascript",
  "application/ecmascript",
  "application/x-javascript",
  "application/yaml",
  "application/x-yaml",
  "application/x-ndjson",
  "application/csv",
  "application/sql",
]);

function kindOf(mime: string): Kind | undefined {
  if (mime === "text/html" || mime === "application/xhtml+xml") return "html";
  if (mime === "application/json" || mime === "text/json" || mime.endsWith("+json")) return "json";
  // No content type at all: read it as text and let render() notice HTML.
  if (mime === "" || mime.startsWith("text/") || mime.endsWith("+xml") || TEXT_TYPES.has(mime)) return "text";
  return undefined;
}

function render(kind: Kind, text: string, notes: string[]): string {
  if (!text.trim()) return "(the response was empty)";
  if (kind === "html" || (kind === "text" && /^\s*(?:<!doctype html|<html[\s>])/i.test(text))) {
    const { title, text: body } = htmlToText(text);
    return title ? `Title: ${title}\n\n${body}` : body;
  }
  if (kind === "json") {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      notes.push("[the JSON could not be parsed, so it is shown as sent]");
    }
  }
  return text;
}

function capChars(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}\n\n[cut: showing the first ${maxChars} of ${text.length} characters]`;
}

/** Reads at most maxBytes of the body, cancelling the rest, and gives up when the signal aborts. */
async function readLimited(response: Response, maxBytes: number, signal: AbortSignal): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  if (!response.body) return { bytes: new Uint8Array(await response.arrayBuffer()), truncated: false };
  const reader = response.body.getReader();
  // A fetch stand-in may ignore the signal while streaming; cancelling the reader makes the abort real either way.
  const onAbort = () => void reader.cancel(signal.reason).catch(() => undefined);
  signal.addEventListener("abort", onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || signal.aborted) break;
      if (size + value.byteLength > maxBytes) {
        chunks.push(value.subarray(0, maxBytes - size));
        size = maxBytes;
        truncated = true;
        await reader.cancel().catch(() => undefined);
        break;
      }
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, truncated };
}

function decode(bytes: Uint8Array, contentType: string): string {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8").decode(bytes);
  } catch {
    // An unknown charset label: UTF-8 is the best guess on today's web.
    return new TextDecoder("utf-8").decode(bytes);
  }
}

/** AbortSignal.any, with a fallback for runtimes that predate it (Node 20.0–20.2, older Safari). */
function anySignal(signals: AbortSignal[]): AbortSignal {
  if (typeof AbortSignal.any === "function") return AbortSignal.any(signals);
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}
