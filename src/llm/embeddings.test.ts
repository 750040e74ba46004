import { describe, expect, it } from "vitest";
import { OpenAiCompatibleProvider } from "./OpenAiCompatibleProvider";

function provider(answer: (body: { model: string; input: string[] }) => Response, seen: RequestInit[] = []) {
  return new OpenAiCompatibleProvider({
    baseUrl: "http://127.0.0.1:9/v1/",
    apiKey: "sk-secret-123",
    fetch: async (_url, init) => {
      seen.push(init as RequestInit);
      return answer(JSON.parse(String(init?.body)));
    },
  });
}
const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });

describe("OpenAiCompatibleProvider.embed", () => {
  it("posts to /embeddings in batches and returns vectors in input order", async () => {
    const seen: RequestInit[] = [];
    const urls: string[] = [];
    const p = new OpenAiCompatibleProvider({
      baseUrl: "http://127.0.0.1:9/v1/",
      apiKey: "sk-secret-123",
      fetch: async (url, init) => {
        urls.push(String(url));
        seen.push(init as RequestInit);
        const { input } = JSON.parse(String(init?.body)) as { input: string[] };
        // Answered out of order: `index` says which input each vector belongs to.
        return json({ data: input.map((t, index) => ({ index, embedding: [t.length, index] })).reverse() });
      },
    });
    const input = Array.from({ length: 70 }, (_, i) => "x".repeat(i + 1));
    const vectors = await p.embed({ model: "nomic-embed", input });
    expect(urls).toEqual(["http://127.0.0.1:9/v1/embeddings", "http://127.0.0.1:9/v1/embeddings"]);
    expect(JSON.parse(String(seen[0]?.body))).toMatchObject({ model: "nomic-embed" });
    expect((seen[0]?.headers as Record<string, string> | undefined)?.Authorization).toBe("Bearer sk-secret-123");
    expect(vectors).toHaveLength(70);
    expect(vectors[0]).toEqual([1, 0]);
    expect(vectors[69]).toEqual([70, 5]);
  });

  it("names the endpoint and model when the answer is wrong, and never shows the key", async () => {
    const bad = provider(() => json({ data: [{ embedding: "nope" }] }));
    await expect(bad.embed({ model: "m", input: ["a"] })).rejects.toThrow(
      /did not answer with 1 embeddings for model "m" from http:\/\/127\.0\.0\.1:9\/v1\/embeddings/,
    );
    const refused = provider(() => json({ error: { message: "bad key sk-secret-123" } }, 401));
    const error = await refused.embed({ model: "m", input: ["a"] }).catch((e: Error) => e);
    expect(String(error)).toMatch(/HTTP 401/);
    expect(String(error)).not.toContain("sk-secret-123");
  });
});
