import type { Crew } from "../schema";

/** Two-agent sequential crew: a researcher gathers sources on `{topic}`, then a writer turns the notes into an article. */
export const researchWriterCrew: Crew = {
  format: "crewdeck.crew",
  version: 1,
  name: "Research & write",
  description:
    "A researcher collects facts and sources on a topic from the web, then a writer turns those notes into a clear, well-structured article. A good first crew to run: two agents, two tasks, one tool.",
  process: "sequential",
  inputs: { topic: "small modular nuclear reactors" },
  llms: [],
  agents: [
    {
      id: "researcher",
      role: "Senior research analyst",
      goal: "Find accurate, current and well-sourced information about {topic}",
      backstory:
        "You spent a decade as a fact-checker for a science magazine before moving into research consulting. You distrust claims without a source and always note where each fact came from. You work fast, but you never pass on something you could not verify.",
      tools: ["web_fetch"],
      allowDelegation: false,
      maxIter: 25,
      memory: false,
      watch: [],
      sendTo: [],
    },
    {
      id: "writer",
      role: "Technology writer",
      goal: "Write an engaging, accurate article about {topic} that a curious non-expert can follow",
      backstory:
        "You write long-form explainers for a popular technology site. You are known for turning dense research into clear stories without losing precision. You keep every claim tied to the research you were given and never invent figures.",
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
      id: "research_task",
      name: "Research the topic",
      description:
        "Research {topic}. Find out what it is, why it matters now, the most recent developments, the main players involved and the open questions or criticisms. Use the web fetch tool to read primary sources where you can, and keep the address of every page you rely on.",
      expectedOutput:
        "A set of research notes: 8 to 12 bullet points of key facts, each followed by its source address, then a short paragraph on the open questions around {topic}.",
      agent: "researcher",
      async: false,
      tools: [],
      humanInput: false,
    },
    {
      id: "write_task",
      name: "Write the article",
      description:
        "Using the research notes, write an article about {topic} for a general audience. Open with a hook, explain the background, walk through the recent developments and close with what to watch next. Only use facts that appear in the notes.",
      expectedOutput:
        "A Markdown article of about 600 to 800 words with a title, 3 to 5 sections with headings, and a short list of sources at the end.",
      agent: "writer",
      context: ["research_task"],
      async: false,
      tools: [],
      outputFile: "article.md",
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
    research_task: { x: 380, y: 0 },
    write_task: { x: 380, y: 170 },
  },
};
