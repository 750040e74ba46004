import type { Crew } from "../schema";

/** Three analysts study a `{product}`'s market in parallel; a report writer merges their work under a guardrail. */
export const marketResearchCrew: Crew = {
  format: "crewdeck.crew",
  version: 1,
  name: "Market research",
  description:
    "Sizes up the market for a product idea. Three analysts work at the same time on market size and trends, competitors, and customer segments; a report writer then combines the three analyses into one report with a clear recommendation, checked by a guardrail.",
  process: "sequential",
  inputs: { product: "a subscription service for refurbished office chairs" },
  llms: [],
  agents: [
    {
      id: "market_analyst",
      role: "Market analyst",
      goal: "Estimate the size, growth and key trends of the market for {product}",
      backstory:
        "You built market models for an investment firm before joining a strategy consultancy. You prefer a rough estimate with clearly stated assumptions over a precise number nobody can explain. You always separate what is known from what is guessed.",
      tools: [],
      allowDelegation: false,
      maxIter: 25,
      memory: false,
      watch: [],
      sendTo: [],
    },
    {
      id: "competitor_analyst",
      role: "Competitive intelligence analyst",
      goal: "Map the direct and indirect competitors of {product} and how each one wins customers",
      backstory:
        "You have spent years tracking rival products for consumer brands. You look beyond feature lists to pricing, distribution and reputation. You are blunt about where a newcomer would be outgunned.",
      tools: [],
      allowDelegation: false,
      maxIter: 25,
      memory: false,
      watch: [],
      sendTo: [],
    },
    {
      id: "customer_analyst",
      role: "Customer insights analyst",
      goal: "Identify the customer segments most likely to buy {product} and what each one needs",
      backstory:
        "You started out running user interviews and still think in terms of real people with real problems. You group customers by the job they are trying to get done, not just by age or income. Your segment profiles are short, concrete and easy to act on.",
      tools: [],
      allowDelegation: false,
      maxIter: 25,
      memory: false,
      watch: [],
      sendTo: [],
    },
    {
      id: "report_writer",
      role: "Strategy report writer",
      goal: "Turn the analysts' findings into a concise market report with a clear go or no-go recommendation for {product}",
      backstory:
        "You write board papers for a venture studio, where readers have ten minutes and need a decision. You connect findings from different analysts into one argument and flag where they disagree. Every recommendation you make is traceable to the evidence behind it.",
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
      id: "market_size_task",
      name: "Market size and trends",
      description:
        "Estimate the market for {product}: total and reachable market size, growth rate, and the three to five trends that will shape it over the next few years. State your assumptions.",
      expectedOutput:
        "A short analysis with a market size estimate and the assumptions behind it, the expected growth, and a bullet list of key trends with one line each on why they matter.",
      agent: "market_analyst",
      context: [],
      async: true,
      tools: [],
      humanInput: false,
    },
    {
      id: "competitors_task",
      name: "Competitor landscape",
      description:
        "Identify the main direct and indirect competitors of {product}. For each, describe its offer, pricing, strengths and weaknesses, and note any gap in the market that none of them covers well.",
      expectedOutput:
        "A comparison table of 4 to 6 competitors (offer, pricing, strengths, weaknesses) followed by a paragraph on the gaps a new entrant could target.",
      agent: "competitor_analyst",
      context: [],
      async: true,
      tools: [],
      humanInput: false,
    },
    {
      id: "segments_task",
      name: "Customer segments",
      description:
        "Describe the customer segments for {product}. For each segment, explain who they are, the problem they want solved, what they pay today, and how they would hear about and buy the product.",
      expectedOutput:
        "Three or four segment profiles, each with a name, a description, main needs, willingness to pay and best channels, ranked from most to least promising.",
      agent: "customer_analyst",
      context: [],
      async: true,
      tools: [],
      humanInput: false,
    },
    {
      id: "report_task",
      name: "Market report",
      description:
        "Combine the market size, competitor and customer segment analyses into one market report on {product}. Summarise each analysis, point out where they support or contradict each other, and finish with a recommendation on whether and how to enter the market.",
      expectedOutput:
        "A Markdown report with an executive summary, one section per analysis (market, competitors, customers), a section on risks, and a final recommendation section.",
      agent: "report_writer",
      context: ["market_size_task", "competitors_task", "segments_task"],
      async: false,
      tools: [],
      outputFile: "market_report.md",
      guardrail: {
        rule: "The report must cite each of the three analyses (market size and trends, competitors, customer segments) and end with a recommendation.",
        maxRetries: 2,
      },
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
    maxRounds: 5,
  },
  layout: {
    market_analyst: { x: 0, y: 0 },
    competitor_analyst: { x: 0, y: 170 },
    customer_analyst: { x: 0, y: 340 },
    report_writer: { x: 0, y: 510 },
    market_size_task: { x: 380, y: 0 },
    competitors_task: { x: 380, y: 170 },
    segments_task: { x: 380, y: 340 },
    report_task: { x: 380, y: 510 },
  },
};
