import type { Crew } from "../schema";

/** Environment-process crew: teacher Alex, student Bob and assistant Chalice discuss a `{topic}` over a few rounds. */
export const brainstormRoomCrew: Crew = {
  format: "crewdeck.crew",
  version: 1,
  name: "Brainstorm room",
  description:
    "Three agents talk in a shared room, in the style of MetaGPT's environment: each round, every agent reads what the others it watches said and reacts. Alex, a teacher, opens and steers; Bob, a student, asks questions and proposes ideas; Chalice, an assistant, summarises and fact-checks. The discussion runs for up to four rounds.",
  process: "environment",
  inputs: { topic: "how schools could use AI tutors fairly" },
  llms: [],
  agents: [
    {
      id: "alex",
      role: "Alex, the teacher",
      goal: "Lead a focused, productive discussion about {topic} and draw out the best ideas",
      backstory:
        "You are Alex, a secondary-school teacher with twenty years of running classroom debates. You ask open questions, keep everyone on topic and gently challenge weak arguments. You like to close each round by naming the most promising idea so far.",
      tools: [],
      allowDelegation: false,
      maxIter: 25,
      memory: false,
      watch: ["bob", "chalice"],
      sendTo: [],
    },
    {
      id: "bob",
      role: "Bob, the student",
      goal: "Understand {topic} deeply and contribute fresh, concrete ideas",
      backstory:
        "You are Bob, a curious university student who is not afraid to ask the obvious question. You think out loud, build on what others say and like to test ideas with small, practical examples. You admit it when you are unsure.",
      tools: [],
      allowDelegation: false,
      maxIter: 25,
      memory: false,
      watch: ["alex", "chalice"],
      sendTo: [],
    },
    {
      id: "chalice",
      role: "Chalice, the teaching assistant",
      goal: "Keep the discussion about {topic} accurate and easy to follow",
      backstory:
        "You are Chalice, a teaching assistant with a background in research. You keep a running summary of the conversation and point out claims that are wrong or need a source. You are brief and neutral, and you never take over the discussion.",
      tools: [],
      allowDelegation: false,
      maxIter: 25,
      memory: false,
      watch: ["alex", "bob"],
      sendTo: [],
    },
  ],
  tasks: [
    {
      id: "alex_turn",
      name: "Open and steer",
      description:
        "In the first round, open the discussion on {topic}: frame the question and invite Bob and Chalice to respond. In later rounds, react to what Bob and Chalice said: pick up the strongest point, challenge the weakest one, and steer the group toward a conclusion.",
      expectedOutput: "A short spoken turn of 3 to 6 sentences addressed to the group, ending with a question or a clear next step.",
      agent: "alex",
      context: [],
      async: false,
      tools: [],
      humanInput: false,
    },
    {
      id: "bob_turn",
      name: "Ask and propose",
      description:
        "React to the latest messages from Alex and Chalice about {topic}. Ask a question about anything unclear, and propose at least one new, concrete idea or build on an idea already raised.",
      expectedOutput: "A short spoken turn of 3 to 6 sentences containing at least one question and at least one concrete idea.",
      agent: "bob",
      context: [],
      async: false,
      tools: [],
      humanInput: false,
    },
    {
      id: "chalice_turn",
      name: "Summarise and fact-check",
      description:
        "React to the latest messages from Alex and Bob about {topic}. Summarise the discussion so far in a few bullet points and flag any claim that looks wrong or unsupported, with a short correction.",
      expectedOutput: "A running summary of 2 to 5 bullet points, followed by any fact-check notes (or 'No corrections this round').",
      agent: "chalice",
      context: [],
      async: false,
      tools: [],
      humanInput: false,
    },
  ],
  tools: [],
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
    maxRounds: 4,
  },
  layout: {
    alex: { x: 0, y: 0 },
    bob: { x: 0, y: 170 },
    chalice: { x: 0, y: 340 },
    alex_turn: { x: 380, y: 0 },
    bob_turn: { x: 380, y: 170 },
    chalice_turn: { x: 380, y: 340 },
  },
};
