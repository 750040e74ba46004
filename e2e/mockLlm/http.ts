import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChatBody } from "./types";

const DEFAULT_ALLOWED_HEADERS = ["authorization", "content-type"];

/** Lets a page on another origin call the mock (CORS), preflights included. */
export function setCors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("access-control-allow-origin", "*");
  res.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
  // Allow whatever else the page asks for too (SDKs add their own x-… headers), on top of the two every client sends.
  const requested = (req.headers["access-control-request-headers"] ?? "").split(",").map((name) => name.trim().toLowerCase());
  const allowed = [...new Set([...DEFAULT_ALLOWED_HEADERS, ...requested.filter(Boolean)])];
  res.setHeader("access-control-allow-headers", allowed.join(", "));
  res.setHeader("access-control-expose-headers", "retry-after, x-mock-unmatched");
  res.setHeader("access-control-max-age", "600");
  if (req.headers["access-control-request-private-network"] === "true") res.setHeader("access-control-allow-private-network", "true");
}

/** The whole request body as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The JSON object of a body; {} for an empty body, undefined for one that is not a JSON object. */
export function parseBody(raw: string): ChatBody | undefined {
  if (raw.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as ChatBody) : undefined;
  } catch {
    return undefined;
  }
}

/** Request headers as one string per (lower-case) name. */
export function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

/** Sends a JSON body (or a string verbatim, as text) with a status. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json" });
  res.end(text);
}

/** Waits, but stops early when the connection closes (a client that aborts during latency). */
export function sleep(ms: number, cancel: Promise<void>): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void cancel.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Writes and waits until the bytes are handed to the socket, so a deliberate drop comes after exactly the chunks sent. */
export function write(res: ServerResponse, text: string, cancel: Promise<void>): Promise<void> {
  // Racing the close keeps a stream whose client vanished from waiting on a callback that may never come.
  return Promise.race([new Promise<void>((resolve) => res.write(text, () => resolve())), cancel]);
}
