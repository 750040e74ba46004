import type { KnowledgeHit, ToolContext } from "./ports";
import type { RunContext } from "./taskRunner";

const QUERY_IN_EVENT = 300;

/** The best passages of the crew's and agent's knowledge for a task, added to its prompt; a failing base is reported, not fatal. */
export async function lookUp(ctx: RunContext, taskId: string, agentId: string | null, text: string): Promise<KnowledgeHit[]> {
  const limit = ctx.crew.settings.knowledgeLimit;
  if (!ctx.knowledge || limit === 0) return [];
  try {
    const chunks = await ctx.knowledge.search({ agentId, text, limit, signal: ctx.signal });
    if (chunks.length)
      ctx.env.log.emit(
        { type: "knowledge.retrieved", taskId, agentId, query: text.slice(0, QUERY_IN_EVENT), via: "prompt", chunks },
        taskId,
      );
    return chunks;
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    ctx.env.log.emit({ type: "memory.error", taskId, operation: "knowledge", error: (error as Error).message }, taskId);
    return [];
  }
}

/** The search_knowledge tool's view of the knowledge base: searches as this agent and logs what it found. */
export function knowledgeForTools(ctx: RunContext, taskId: string, agentId: string | null): ToolContext["knowledge"] {
  const base = ctx.knowledge;
  if (!base) return undefined;
  return {
    search: async (text, limit) => {
      const chunks = await base.search({ agentId, text, limit, signal: ctx.signal });
      ctx.env.log.emit({ type: "knowledge.retrieved", taskId, agentId, query: text.slice(0, QUERY_IN_EVENT), via: "tool", chunks }, taskId);
      return chunks;
    },
  };
}
