import type { ChatRequest, ChatResponse, LlmProvider } from "../engine/ports";
import { readChatStream } from "./chatStream";
import { fetchEmbeddings } from "./embeddings";
import { abortedError, errorFromFetchFailure, errorFromResponse, type RequestSite, siteError } from "./httpErrors";
import { errorBodyMessage, isRecord, parseCompletion, toWireBody, truncate } from "./openAiWire";

/** Settings of an OpenAI-compatible endpoint (OpenAI, Ollama, LM Studio, llama.cpp, vLLM, OpenRouter, ...). */
export interface OpenAiCompatibleOptions {
  /** The API root, e.g. http://127.0.0.1:1234/v1 (a trailing slash or a trailing /chat/completions is tolerated). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>`; local servers usually need none. */
  apiKey?: string;
  /** Injected fetch (tests, proxies); the global fetch otherwise. */
  fetch?: typeof fetch;
  /** Stream tokens over SSE (default true). */
  stream?: boolean;
  /** Extra headers, e.g. OpenRouter's HTTP-Referer or Azure's api-key. */
  headers?: Record<string, string>;
  /** Name in events and errors; defaults to "openai-compatible <baseUrl>". */
  label?: string;
}

/** A chat model behind the OpenAI chat-completions HTTP API, usable unchanged in browsers and in Node. */
export class OpenAiCompatibleProvider implements LlmProvider {
  readonly label: string;
  readonly baseUrl: string;
  private readonly apiKey: string | undefined;
  private readonly stream: boolean;
  private readonly extraHeaders: Record<string, string>;
  private readonly fetchImpl: typeof fetch;
  private readonly injectedFetch: boolean;
  /**
   * Node's fetch (undici) copies every request body in case a redirect makes it send the body again; that copy is
   * about a tenth of a call to a local server. Node is asked not to follow redirects, and an endpoint that does redirect
   * is followed from its first redirect on. Browsers follow redirects natively at no such cost, and their error for a
   * refused redirect cannot be told from a network error, so they keep the default.
   */
  private refuseRedirects: boolean;
  /**
   * Whether this endpoint's streams end right after [DONE], learned from its first one; from then on the rest of each
   * stream is left unread (see StreamOptions.tail). Node only, for the platform's fetch, whose handling of an unread
   * finished body we know; browsers and an endpoint that talks on after [DONE] keep reading to the end.
   */
  private streamsEndAtDone: boolean | undefined;
  // Built once: each is the same for every chat call, which runs once per model call of a crew.
  private readonly chatSite: RequestSite;
  private readonly chatHeaders: Record<string, string>;

  constructor(options: OpenAiCompatibleOptions) {
    this.baseUrl = options.baseUrl
      .trim()
      .replace(/\/+$/, "")
      .replace(/\/chat\/completions$/, "");
    this.apiKey = options.apiKey?.trim() || undefined;
    this.stream = options.stream ?? true;
    this.extraHeaders = { ...options.headers };
    // Looked up at call time so a test's stubbed global fetch is seen; wrapped because window.fetch called as a
    // method of another object throws "Illegal invocation".
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.injectedFetch = options.fetch !== undefined;
    const nodeFetch = !this.injectedFetch && isNodeRuntime();
    this.refuseRedirects = nodeFetch;
    this.streamsEndAtDone = nodeFetch ? undefined : false;
    this.label = options.label ?? `openai-compatible ${this.baseUrl}`;
    this.chatSite = this.site("/chat/completions");
    this.chatHeaders = { "Content-Type": "application/json", ...this.headers() };
  }

  /** One chat completion; streamed tokens go to `request.onToken`. Failures are LlmErrors naming the endpoint. */
  async chat(request: ChatRequest): Promise<ChatResponse> {
    const site = this.chatSite;
    const response = await this.send(site, {
      method: "POST",
      // A copy for an injected fetch, which may add to the headers it is given.
      headers: this.injectedFetch ? { ...this.chatHeaders } : this.chatHeaders,
      body: JSON.stringify(toWireBody(request, this.stream)),
      signal: request.signal,
    });
    const type = response.headers.get("content-type") ?? "";
    // A SPA dev server answers unknown paths with its index.html: that is a wrong base URL, not a dropped stream.
    if (/text\/html/i.test(type)) throw this.notAnApi(site, response.status);
    // Some servers ignore `stream: true` and answer with one JSON document; read it as such.
    if (this.stream && !/json/i.test(type)) {
      if (!response.body) throw siteError(site, "network", `answered without a body from ${site.url}`);
      return readChatStream(response.body, site, request.signal, {
        onToken: request.onToken,
        watchAbort: this.injectedFetch,
        tail: this.streamsEndAtDone ? "leave" : "read",
        ...(this.streamsEndAtDone === undefined ? { onTail: this.learnTail } : {}),
      });
    }
    const json = await this.readJson(response, site, request.signal);
    const completion = parseCompletion(json);
    if (!completion) {
      if (isRecord(json) && json.error !== undefined) {
        throw siteError(site, "server", `reported an error from ${site.url}: ${truncate(errorBodyMessage(json) ?? "", 300)}`);
      }
      throw siteError(
        site,
        "client",
        `did not answer with a chat completion from ${site.url}: ${truncate(JSON.stringify(json) ?? "", 200)}`,
      );
    }
    // Asked to stream but answered in one piece: the listener still gets the text, once.
    if (this.stream && completion.content) request.onToken?.(completion.content);
    return completion;
  }

  // Several first streams may finish together: one that talked on after [DONE] settles it for good.
  private readonly learnTail = (clean: boolean) => {
    if (this.streamsEndAtDone !== false) this.streamsEndAtDone = clean;
  };

  /** The model ids the endpoint offers (GET /models), for a settings panel's "Test connection". */
  async listModels(signal: AbortSignal = new AbortController().signal): Promise<string[]> {
    const site = this.site("/models");
    // No Content-Type on a GET: without an API key this stays a CORS "simple request" that needs no preflight.
    const response = await this.send(site, { method: "GET", headers: this.headers(), signal });
    if (/text\/html/i.test(response.headers.get("content-type") ?? "")) throw this.notAnApi(site, response.status);
    const json = await this.readJson(response, site, signal);
    // OpenAI's { data: [{ id }] }; Ollama-style { models: [{ name }] } and a bare array are taken too.
    const list: unknown = isRecord(json) ? (json.data ?? json.models) : json;
    if (!Array.isArray(list)) throw siteError(site, "client", `did not answer with a model list from ${site.url}`);
    const ids = list.map((item: unknown) =>
      typeof item === "string" ? item : isRecord(item) ? (item.id ?? item.name ?? item.model) : undefined,
    );
    return [...new Set(ids.filter((id): id is string => typeof id === "string" && id !== ""))];
  }

  /** One embedding per text (POST /embeddings), for memory search when the crew names an embedding model. */
  embed(request: { model: string; input: string[]; signal?: AbortSignal }): Promise<number[][]> {
    return fetchEmbeddings({ site: this.site("/embeddings"), fetch: this.fetchImpl, headers: this.headers(), ...request });
  }

  private site(path: string): RequestSite {
    return { label: this.label, url: `${this.baseUrl}${path}`, ...(this.apiKey ? { secret: this.apiKey } : {}) };
  }

  private headers(): Record<string, string> {
    return { ...this.extraHeaders, ...(this.apiKey ? { Authorization: `Bearer ${this.apiKey}` } : {}) };
  }

  /** fetch with every failure turned into an LlmError: thrown, aborted, or answered with a non-2xx status. */
  private async send(site: RequestSite, init: RequestInit & { signal: AbortSignal }): Promise<Response> {
    const signal = init.signal;
    const doFetch = this.fetchImpl;
    let response: Response;
    try {
      if (this.refuseRedirects) {
        init.redirect = "error";
        try {
          response = await doFetch(site.url, init);
        } catch (error) {
          if (signal.aborted || !isRedirectRefusal(error)) throw error;
          // The endpoint does redirect (http to https, a trailing slash): follow, now and from now on.
          this.refuseRedirects = false;
          init.redirect = "follow";
          response = await doFetch(site.url, init);
        }
      } else response = await doFetch(site.url, init);
    } catch (error) {
      throw errorFromFetchFailure(error, site, signal);
    }
    if (!response.ok) throw await errorFromResponse(response, site, signal);
    return response;
  }

  private async readJson(response: Response, site: RequestSite, signal: AbortSignal): Promise<unknown> {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw abortedError(signal, site);
      throw siteError(site, "network", `connection dropped while reading the answer from ${site.url} (${String(error)})`);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw siteError(site, "client", `answered with something that is not JSON from ${site.url}: ${truncate(text, 200)}`);
    }
  }

  private notAnApi(site: RequestSite, status: number): Error {
    return siteError(site, "client", `answered with an HTML page instead of JSON from ${site.url} (is the base URL right?)`, status);
  }
}

/** True in Node (and runtimes that present themselves as Node), whose fetch names a refused redirect as such. */
function isNodeRuntime(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof proc?.versions?.node === "string" && typeof (globalThis as { document?: unknown }).document === "undefined";
}

/** Node's fetch rejects a redirect it was told not to follow with a TypeError whose cause says "unexpected redirect". */
function isRedirectRefusal(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  const cause: unknown = error.cause;
  return /redirect/i.test(error.message) || (cause instanceof Error && /redirect/i.test(cause.message));
}
