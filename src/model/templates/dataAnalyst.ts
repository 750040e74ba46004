import type { Crew } from "../schema";

/**
 * One analyst with a calculator: plans first, checks a list of `{ages}`, explains any value it dropped (a conditional
 * task, skipped when the data was clean), then reports the average as structured JSON.
 */
export const dataAnalystCrew: Crew = {
  format: "crewdeck.crew",
  version: 1,
  name: "Data analyst",
  description:
    "A careful data analyst reads a comma-separated list of ages, checks it for bad values, and computes the average age of the participants with the calculator tool. The final answer is structured JSON (average, count and the working), ready for another program to read. Planning is on, so a planner writes the steps for each task before the run; the data-quality note only runs when the check dropped a value.",
  process: "sequential",
  inputs: { ages: "34, 27, 45, 52, 19, 38, 250" },
  llms: [],
  agents: [
    {
      id: "analyst",
      role: "Data analyst",
      goal: "Produce correct summary statistics from the data you are given, showing every step of the calculation",
      backstory:
        "You learned statistics in a public-health lab, where one wrong number could change a policy. You clean data before you touch it and you never do arithmetic in your head: every sum and division goes through the calculator. Your reports show the working so anyone can check them.",
      tools: ["calculator"],
      allowDelegation: false,
      maxIter: 25,
      memory: false,
      watch: [],
      sendTo: [],
    },
  ],
  tasks: [
    {
      id: "check_ages",
      name: "Check the data",
      description:
        "Here are the ages of the participants, separated by commas: {ages}. Parse them into a list of numbers. Flag anything that is not a whole number between 0 and 120, and leave flagged values out of the clean list.",
      expectedOutput:
        "The clean list of ages, how many values it contains, and a note on any value that was dropped and why (or a statement that none were dropped).",
      agent: "analyst",
      async: false,
      tools: [],
      humanInput: false,
    },
    {
      id: "explain_dropped",
      name: "Explain the dropped values",
      description:
        "The data check left some values out of the clean list. For each dropped value, say what it was, why it cannot be used, and what it would take to include it (for example, a typo to confirm with whoever collected the data). End with one suggestion for collecting cleaner data next time.",
      expectedOutput: "A short data-quality note: one bullet per dropped value with the reason and a possible fix, then one suggestion.",
      agent: "analyst",
      context: ["check_ages"],
      async: false,
      tools: [],
      humanInput: false,
      condition: {
        type: "rule",
        rule: "The data check dropped or flagged at least one value as unusable (it did not say that every value was kept).",
      },
    },
    {
      id: "average_age",
      name: "Compute the average age",
      description:
        "Using the clean list of ages from the previous step, compute the average age of the participants. Use the calculator for the sum and for the division; do not compute anything by hand. Round the average to two decimal places.",
      expectedOutput:
        "The average age, the number of participants counted, and the working: the sum of the ages and the division that gives the average.",
      agent: "analyst",
      context: ["check_ages"],
      async: false,
      tools: [],
      outputSchema: {
        type: "object",
        properties: {
          average: { type: "number", description: "Mean age of the participants, rounded to two decimals." },
          count: { type: "integer", description: "Number of ages included in the average." },
          working: { type: "string", description: "The sum and division used to get the average." },
        },
        required: ["average", "count", "working"],
        additionalProperties: false,
      },
      humanInput: false,
    },
  ],
  tools: [
    {
      id: "calculator",
      kind: "builtin",
      name: "calculator",
      description: "Evaluates arithmetic expressions exactly, e.g. (31 + 45 + 28) / 3.",
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
    planning: true,
    dagScheduling: false,
    delegationDepth: 3,
    maxRounds: 5,
  },
  layout: {
    calculator: { x: -360, y: 0 },
    analyst: { x: 0, y: 0 },
    check_ages: { x: 380, y: 0 },
    explain_dropped: { x: 380, y: 170 },
    average_age: { x: 380, y: 340 },
  },
};
