import { errorBody } from "./openai";

/** Dimensions of the mock's embeddings: small, as only their overlap matters. */
export const EMBEDDING_DIMENSIONS = 64;

/**
 * A deterministic embedding: each lower-cased word adds 1 to a dimension picked by its hash, then the vector is
 * normalised. Texts sharing words point the same way, so a test can predict which memory is nearest without a model.
 */
export function mockEmbedding(text: string): number[] {
  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let hash = 2166136261;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 16777619);
    const slot = (hash >>> 0) % EMBEDDING_DIMENSIONS;
    vector[slot] = (vector[slot] ?? 0) + 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((x) => x / norm);
}

/** The status and JSON body of `POST /v1/embeddings` for a request body, in OpenAI's shape. */
export function embeddingsAnswer(body: Record<string, unknown> | undefined): { status: number; body: unknown } {
  const input = body?.input;
  const texts = typeof input === "string" ? [input] : Array.isArray(input) && input.every((t) => typeof t === "string") ? input : null;
  if (!texts || texts.length === 0 || typeof body?.model !== "string")
    return { status: 400, body: errorBody(400, "MOCK: an embeddings request needs `model` and `input` (a string or strings)") };
  const data = texts.map((text, index) => ({ object: "embedding", index, embedding: mockEmbedding(text) }));
  const tokens = texts.reduce((n, t) => n + Math.ceil(t.length / 4), 0);
  return { status: 200, body: { object: "list", data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } } };
}
