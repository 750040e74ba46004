import type { Crew } from "../schema";

/**
 * A hierarchical crew: a generated "Crew Manager" hands each task to a researcher, a writer or a copy editor, checks
 * what comes back, and sends it back when it falls short. The first task names no agent, so the manager picks one.
 */
export const editorialTeamCrew: Crew = {
  format: "crewdeck.crew",
  version: 1,
  name: "Editorial team",
  description:
    "A small newsroom run by a manager. The engine generates a Crew Manager that never writes anything itself: it gives each task to the researcher, the writer or the copy editor, passes along what they need, checks their work and sends it back when it falls short. The research brief names no agent, so the manager decides who does it; the writer may ask the researcher follow-up questions on its own.",
  process: "hierarchical",
  inputs: { topic: "how cities are adapting to extreme heat" },
  llms: [],
  agents: [
    {
      id: "researcher",
      role: "Researcher",
      goal: "Find accurate, current facts about {topic}, each with the address of its source",
      backstory:
        "You worked for years on a newspaper's research desk. You read primary sources rather than summaries, you note where every fact comes from, and you say plainly when something could not be confirmed.",
      tools: ["web_fetch"],
      allowDelegation: false,
      maxIter: 25,
      memory: false,
      watch: [],
      sendTo: [],
    },
    {
      id: "writer",
      role: "Feature writer",
      goal: "Turn research about {topic} into a clear, lively feature that a general reader enjoys",
      backstory:
        "You write features for a weekly magazine. You find the human story in a technical subject, you keep every claim tied to the research you were given, and you ask the researcher when a fact is missing instead of guessing.",
      tools: [],
      allowDelegation: true,
      maxIter: 25,
      memory: false,
      watch: [],
      sendTo: [],
    },
    {
      id: "editor",
      role: "Copy editor",
      goal: "Make the feature about {topic} correct, consistent and ready to publish",
      backstory:
        "You have edited thousands of articles. You fix grammar, tighten sentences, check that headings and numbers are consistent, and flag any claim that has no source, without changing the writer's voice.",
      tools: [],
      allowDelegation: false,
      maxIter: 25,
      memory: false,
      watch: [],
      sendTo: [],
    },
  ],
  tasks: [
    {
      id: "brief",
      name: "Research brief",
      description:
        "Prepare a research brief on {topic}: what is happening, why it matters now, three or four concrete examples from different cities, and the main open questions. Keep the address of every source.",
      expectedOutput:
        "A research brief: 8 to 12 bullet points of facts, each with its source address, then the open questions as a short list.",
      async: false,
      tools: [],
      humanInput: false,
    },
    {
      id: "draft",
      name: "Write the feature",
      description:
        "Using the research brief, write a feature about {topic} for a general audience. Open with a concrete scene, explain the background, walk through the examples and end with what to watch next. Use only facts from the brief.",
      expectedOutput: "A Markdown feature of about 700 words with a title and 3 to 5 sections with headings.",
      agent: "writer",
      context: ["brief"],
      async: false,
      tools: [],
      humanInput: false,
    },
    {
      id: "edit",
      name: "Edit for publication",
      description:
        "Copy-edit the feature about {topic}: fix language and consistency, keep the writer's voice, and check every figure against the research brief. List any claim you could not match to a source after the article.",
      expectedOutput: "The edited feature in Markdown, followed by a short list of unmatched claims (or 'none').",
      agent: "editor",
      context: ["brief", "draft"],
      async: false,
      tools: [],
      outputFile: "feature.md",
      humanInput: false,
    },
  ],
  tools: [
    {
      id: "web_fetch",
      kind: "builtin",
      name: "http_get",
      description: "Fetches a web page or API over HTTP(S) and returns its text.",
      config: {},
    },
  ],
  settings: {
    concurrency: 8,
    cache: true,
    memory: false,
    memoryLimit: 5,
    memoryThreshold: 0.2,
    knowledgeLimit: 3,
    planning: false,
    dagScheduling: false,
    delegationDepth: 3,
    maxRounds: 5,
  },
  layout: {
    web_fetch: { x: -360, y: 0 },
    researcher: { x: 0, y: 0 },
    writer: { x: 0, y: 170 },
    editor: { x: 0, y: 340 },
    brief: { x: 380, y: 0 },
    draft: { x: 380, y: 170 },
    edit: { x: 380, y: 340 },
  },
};
