/** A ready-made endpoint: where the service lives, a sensible model, and how to fix a CORS refusal. */
export interface EndpointPreset {
  id: string;
  name: string;
  baseUrl: string;
  model: string;
  needsKey: boolean;
  /** What to change on the server when the browser is refused (CORS). */
  corsFix: string;
}

/** Services that speak the OpenAI chat-completions protocol. */
export const ENDPOINT_PRESETS: EndpointPreset[] = [
  {
    id: "openai",
    name: "OpenAI",
    baseUrl: "https://api.openai.com/v1",
    model: "gpt-4.1-mini",
    needsKey: true,
    corsFix: "OpenAI allows browser requests; check the key and the network.",
  },
  {
    id: "openrouter",
    name: "OpenRouter",
    baseUrl: "https://openrouter.ai/api/v1",
    model: "openai/gpt-4.1-mini",
    needsKey: true,
    corsFix: "OpenRouter allows browser requests; check the key and the network.",
  },
  {
    id: "deepseek",
    name: "DeepSeek",
    baseUrl: "https://api.deepseek.com/v1",
    model: "deepseek-chat",
    needsKey: true,
    corsFix: "If DeepSeek refuses browser requests, route it through OpenRouter or a local proxy.",
  },
  {
    id: "groq",
    name: "Groq",
    baseUrl: "https://api.groq.com/openai/v1",
    model: "llama-3.3-70b-versatile",
    needsKey: true,
    corsFix: "Groq allows browser requests; check the key and the network.",
  },
  {
    id: "together",
    name: "Together",
    baseUrl: "https://api.together.xyz/v1",
    model: "meta-llama/Llama-3.3-70B-Instruct-Turbo",
    needsKey: true,
    corsFix: "Together allows browser requests; check the key and the network.",
  },
  {
    id: "ollama",
    name: "Ollama (this computer)",
    baseUrl: "http://localhost:11434/v1",
    model: "llama3.2",
    needsKey: false,
    corsFix: `Start Ollama with OLLAMA_ORIGINS set to this page's origin, e.g. OLLAMA_ORIGINS="${typeof location === "undefined" ? "*" : location.origin}" ollama serve`,
  },
  {
    id: "lmstudio",
    name: "LM Studio (this computer)",
    baseUrl: "http://localhost:1234/v1",
    model: "local-model",
    needsKey: false,
    corsFix: `In LM Studio's Developer tab, turn on "Enable CORS" for the local server.`,
  },
  {
    id: "custom",
    name: "Custom",
    baseUrl: "http://localhost:8000/v1",
    model: "",
    needsKey: false,
    corsFix: "The server must answer CORS preflights from this page (Access-Control-Allow-Origin and the Authorization header).",
  },
];

/** The preset an endpoint was made from (custom when unknown). */
export function presetOf(id: string): EndpointPreset {
  return ENDPOINT_PRESETS.find((p) => p.id === id) ?? (ENDPOINT_PRESETS.at(-1) as EndpointPreset);
}

/** An API key as it may be shown: the first and last few characters only. */
export function maskKey(key: string): string {
  if (!key) return "no key";
  return key.length <= 8 ? "••••" : `${key.slice(0, 3)}…${key.slice(-4)}`;
}

/**
 * Whether a failure reads like the browser refusing a cross-origin call: our network-error wording names CORS, and
 * browsers only say "Failed to fetch" (Chrome), "NetworkError" (Firefox) or "Load failed" (Safari) without the reason.
 */
export function looksLikeCors(message: string): boolean {
  return /CORS|Failed to fetch|NetworkError|Load failed|could not reach/i.test(message);
}

/** How to fix a CORS refusal: the advice of the endpoint whose base URL the message names, else the generic one. */
export function corsFixFor(message: string, endpoints: readonly { baseUrl: string; preset?: string }[]): string {
  const norm = (url: string) => url.replace(/\/+$/, "").toLowerCase();
  const named = endpoints.find((e) => e.baseUrl && message.toLowerCase().includes(norm(e.baseUrl)));
  return presetOf(named?.preset ?? "custom").corsFix;
}
