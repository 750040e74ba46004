import type { Crew } from "../schema";

/** MetaGPT-style software company: product manager, architect, engineer and QA engineer build an `{idea}` in turn. */
export const softwareTeamCrew: Crew = {
  format: "crewdeck.crew",
  version: 1,
  name: "Software team",
  description:
    "A small software company in the style of MetaGPT. A product manager writes the requirements, an architect designs the system, an engineer writes the code into the run's files, and a QA engineer reviews it against the requirements. Each step hands its document to the next one.",
  process: "sequential",
  inputs: { idea: "a command-line to-do list app that stores tasks in a JSON file" },
  llms: [],
  agents: [
    {
      id: "product_manager",
      role: "Product manager",
      goal: "Turn the idea of {idea} into a clear, testable product requirements document",
      backstory:
        "You have shipped developer tools at two start-ups and learned that vague requirements cost weeks. You write user stories with acceptance criteria and you cut scope without mercy. You always say what is out of scope as clearly as what is in.",
      tools: [],
      allowDelegation: false,
      maxIter: 25,
      memory: false,
      watch: [],
      sendTo: [],
    },
    {
      id: "architect",
      role: "Software architect",
      goal: "Design a simple, maintainable structure that meets every requirement in the PRD",
      backstory:
        "You have designed systems from small scripts to large services and you favour the simplest design that will work. You describe modules, data structures and interfaces precisely enough that an engineer can build them without guessing.",
      tools: [],
      allowDelegation: false,
      maxIter: 25,
      memory: false,
      watch: [],
      sendTo: [],
    },
    {
      id: "engineer",
      role: "Software engineer",
      goal: "Implement the design as clean, working Python code",
      backstory:
        "You are a pragmatic Python developer who writes readable code with small functions and clear names. You follow the design you are given and leave a comment wherever you had to make a judgement call. You save your work to files rather than pasting it into chat.",
      tools: ["file_writer"],
      allowDelegation: false,
      maxIter: 25,
      memory: false,
      watch: [],
      sendTo: [],
    },
    {
      id: "qa_engineer",
      role: "QA engineer",
      goal: "Check that the code meets the requirements and find bugs before users do",
      backstory:
        "You have broken more software than most people have written, always on purpose. You read the requirements first, then the code, and you think about edge cases, bad input and missing error handling. Your reports are specific enough that a fix is obvious.",
      tools: ["file_reader"],
      allowDelegation: false,
      maxIter: 25,
      memory: false,
      watch: [],
      sendTo: [],
    },
  ],
  tasks: [
    {
      id: "prd_task",
      name: "Write the PRD",
      description:
        "Write a product requirements document for {idea}. Describe the goal, the target users, the user stories with acceptance criteria, and what is explicitly out of scope for the first version.",
      expectedOutput:
        "A Markdown PRD with sections for goal, users, user stories (each with acceptance criteria), non-functional requirements and out of scope.",
      agent: "product_manager",
      async: false,
      tools: [],
      outputFile: "prd.md",
      humanInput: false,
    },
    {
      id: "design_task",
      name: "Design the system",
      description:
        "Read the PRD for {idea} and design the software. Choose the file layout, the main modules and functions with their signatures, the data structures and the data format on disk. Keep it small enough for a single Python file.",
      expectedOutput:
        "A Markdown design document with an overview, the list of functions with signatures and one-line purposes, the data model, and the program flow for each user story.",
      agent: "architect",
      context: ["prd_task"],
      async: false,
      tools: [],
      outputFile: "design.md",
      humanInput: false,
    },
    {
      id: "code_task",
      name: "Write the code",
      description:
        "Implement {idea} in Python, following the design document exactly, as one complete program with a main entry point and basic error handling. Also save a short README.md with usage instructions using the write_file tool. Your answer is saved as main.py, so it must be only Python source; put any note on where you departed from the design in a comment at the top.",
      expectedOutput: "The complete Python source of main.py, with no Markdown fences or text outside the code.",
      agent: "engineer",
      context: ["design_task"],
      async: false,
      tools: [],
      outputFile: "main.py",
      humanInput: false,
    },
    {
      id: "qa_task",
      name: "Review and test plan",
      description:
        "Review the code for {idea}. Use the read_file tool to read prd.md and main.py, check every acceptance criterion against the code, and look for bugs, unhandled errors and edge cases. Then write a test plan.",
      expectedOutput:
        "A Markdown QA report: a table of acceptance criteria marked pass or fail with a reason, a list of bugs found with severity and suggested fix, and a test plan of at least 8 test cases.",
      agent: "qa_engineer",
      context: ["code_task"],
      async: false,
      tools: [],
      outputFile: "qa_report.md",
      humanInput: false,
    },
  ],
  tools: [
    {
      id: "file_writer",
      kind: "builtin",
      name: "write_file",
      description: "Writes a file into this run's virtual file space.",
      config: {},
    },
    {
      id: "file_reader",
      kind: "builtin",
      name: "read_file",
      description: "Reads a file from this run's virtual file space.",
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
    file_writer: { x: -360, y: 340 },
    file_reader: { x: -360, y: 510 },
    product_manager: { x: 0, y: 0 },
    architect: { x: 0, y: 170 },
    engineer: { x: 0, y: 340 },
    qa_engineer: { x: 0, y: 510 },
    prd_task: { x: 380, y: 0 },
    design_task: { x: 380, y: 170 },
    code_task: { x: 380, y: 340 },
    qa_task: { x: 380, y: 510 },
  },
};
