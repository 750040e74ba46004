import { LlmError } from "../engine/ports";
import { errorBodyMessage, truncate } from "./openAiWire";

/** Where a request went and what may never appear in a message about it. */
export interface RequestSite {
  /** The provider's label, e.g. "openai-compatible http://127.0.0.1:1234/v1". */
  label: string;
  /** The full URL that was requested. */
  url: string;
  /** The API key, scrubbed from anything the endpoint echoes back. */
  secret?: string;
}

const MESSAGE_LIMIT = 300;

/** Builds an LlmError whose message says which endpoint failed. */
export function siteError(site: RequestSite, kind: LlmError["kind"], what: string, status?: number, retryAfterMs?: number): LlmError {
  return new LlmError(kind, scrub(`${site.label}: ${what}`, site.secret), {
    provider: site.label,
    ...(status !== undefined ? { status } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

function scrub(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join("***") : text;
}

/**
 * How long a 429 asks us to wait: `retry-after-ms` (OpenAI, Azure), else `retry-after` in seconds or as an HTTP date.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number(headers.get("retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const MENTIONS_TOOLS = /\btools?\b|tool[_ -]?(choice|calls?|use|calling)|\bfunctions?\b|function[_ -]?call/i;
const NOT_SUPPORTED =
  /not (be |yet )?(supported|implemented|enabled|available|allowed|permitted)|unsupported|(does|do|is) ?n[o']t support|no support|requires? --|requires? .*(flag|enabled?|set)|unrecogni[sz]ed|unknown (field|parameter|argument|key)|extra (fields|inputs)|cannot (be used|use)|can't use|not a valid (field|parameter)/i;

/**
 * Whether an endpoint's error says it cannot do native tool calling. Each server words it its own way, e.g.
 * Ollama "model does not support tools", llama.cpp "tools param requires --jinja flag", vLLM "\"auto\" tool choice
 * requires --enable-auto-tool-choice", OpenAI "tools is not supported with this model", FastAPI "body.tools: Extra
 * inputs are not permitted".
 */
export function saysToolsUnsupported(message: string): boolean {
  return MENTIONS_TOOLS.test(message) && NOT_SUPPORTED.test(message);
}

/** What the endpoint said in an error body: its JSON error message, else the raw text, shortened. */
export function describeBody(text: string): string {
  let message: string | undefined;
  try {
    message = errorBodyMessage(JSON.parse(text));
  } catch {
    // Not JSON (an HTML error page or plain text): the text itself is the best we have.
  }
  return truncate(message ?? text, MESSAGE_LIMIT);
}

/**
 * The LlmError for a non-2xx answer: 429 rate_limit (with Retry-After), 5xx server, a tools complaint
 * tools_unsupported (llama.cpp answers it with 500, so 5xx is checked too), other 4xx client.
 */
export async function errorFromResponse(response: Response, site: RequestSite, signal?: AbortSignal): Promise<LlmError> {
  let text = "";
  try {
    text = await response.text();
  } catch {
    if (signal?.aborted) return abortedError(signal, site);
    // The status alone still says what went wrong.
  }
  const said = describeBody(text);
  const status = response.status;
  const what = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ""} from ${site.url}${said ? `: ${said}` : ""}`;
  if (status === 429) return siteError(site, "rate_limit", what, status, retryAfterMs(response.headers));
  if ([400, 404, 422, 500, 501].includes(status) && saysToolsUnsupported(said)) return siteError(site, "tools_unsupported", what, status);
  if (status >= 500) return siteError(site, "server", what, status);
  return siteError(site, "client", what, status);
}

/** The LlmError for a call whose signal fired: `timeout` for a recognisable timeout reason, else `aborted`. */
export function abortedError(signal: AbortSignal, site: RequestSite): LlmError {
  const reason: unknown = signal.reason;
  if (reason instanceof LlmError) return reason;
  // AbortSignal.timeout() aborts with a DOMException named TimeoutError.
  if (field(reason, "name") === "TimeoutError") return siteError(site, "timeout", `request to ${site.url} timed out`);
  return siteError(site, "aborted", `request to ${site.url} was aborted`);
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

// Chrome, Firefox and Safari's wording for a fetch that never got an answer it may read (often CORS).
const BROWSER_FETCH_FAILURE = /failed to fetch|networkerror|load failed/i;

/**
 * The error for a fetch that threw: abort/timeout when the signal fired, network for a TypeError (refused,
 * DNS, reset, CORS), client for a base URL fetch cannot parse. Anything else is a bug and is rethrown as is.
 */
export function errorFromFetchFailure(error: unknown, site: RequestSite, signal?: AbortSignal): unknown {
  if (signal?.aborted) return abortedError(signal, site);
  if (!(error instanceof TypeError)) return error;
  const cause: unknown = error.cause;
  if (field(cause, "code") === "ERR_INVALID_URL" || /invalid url|failed to parse url/i.test(error.message)) {
    return siteError(site, "client", `the URL ${site.url} is not valid (check the base URL)`);
  }
  if (BROWSER_FETCH_FAILURE.test(error.message)) {
    return siteError(
      site,
      "network",
      `could not reach ${site.url} (network error or the server does not allow requests from this page (CORS))`,
    );
  }
  // Node puts the real reason (ECONNREFUSED, ENOTFOUND) in `cause`; an AggregateError there has an empty message.
  const detail = (cause instanceof Error && cause.message) || String(field(cause, "code") ?? "") || error.message;
  return siteError(site, "network", `could not reach ${site.url}: ${detail}`);
}
