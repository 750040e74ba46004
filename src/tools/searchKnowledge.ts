import { z } from "zod";
import { defineTool } from "./builtinTool";

const MAX_LIMIT = 10;

/** The search_knowledge tool: the best passages of the crew's and the calling agent's knowledge sources, with their names. */
export const searchKnowledgeTool = defineTool({
  name: "search_knowledge",
  args: z.object({
    query: z.string().trim().min(1, "must not be empty").describe("What to look for, in a few words or a question."),
    limit: z
      .number()
      .int()
      .min(1)
      .max(MAX_LIMIT)
      .optional()
      .describe(`How many passages to return (1-${MAX_LIMIT}); leave out for the tool's default.`),
  }),
  config: z.object({ limit: z.number().int().min(1, "must be at least 1").max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`).default(3) }),
  example: { query: "opening hours of the museum" },
  async run({ query, limit }, { config, context }) {
    if (!context.knowledge)
      return "search_knowledge: this crew has no knowledge sources, so there is nothing to search. Answer from what you know, and say so.";
    const hits = await context.knowledge.search(query, limit ?? config.limit);
    if (hits.length === 0) return `search_knowledge: no passage of the crew's knowledge matches "${query}". Try other words.`;
    const passages = hits.map((hit, i) => `${i + 1}. [${hit.source}]\n${hit.text.trim()}`);
    return `Passages found for "${query}" (cite the source in brackets when you use one):\n\n${passages.join("\n\n")}`;
  },
});
