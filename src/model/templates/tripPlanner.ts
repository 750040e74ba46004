import type { Crew } from "../schema";

/** Three scouts research flights, hotels and activities in parallel; a planner then merges them into one itinerary. */
export const tripPlannerCrew: Crew = {
  format: "crewdeck.crew",
  version: 1,
  name: "Trip planner",
  description:
    "Plans a trip: give an origin, a destination and travel dates. A flight scout, a hotel scout and a local guide work at the same time (three async tasks), then a travel planner combines their findings into a day-by-day itinerary.",
  process: "sequential",
  inputs: { destination: "Lisbon, Portugal", dates: "12 to 16 May", origin: "Amsterdam" },
  llms: [],
  agents: [
    {
      id: "flight_scout",
      role: "Flight scout",
      goal: "Find the most convenient and reasonably priced flights from {origin} to {destination}",
      backstory:
        "You worked for years at a travel agency desk, booking trips for people who hated layovers. You know which routes usually fly direct, which airports are worth the detour, and when a cheap fare is a false economy.",
      tools: [],
      allowDelegation: false,
      maxIter: 25,
      memory: false,
      watch: [],
      sendTo: [],
    },
    {
      id: "hotel_scout",
      role: "Accommodation scout",
      goal: "Shortlist well-located places to stay in {destination} that suit the traveller's dates and budget",
      backstory:
        "You used to review hotels for a guidebook and have slept in everything from hostels to grand hotels. You judge a place by its neighbourhood, its transport links and honest guest reviews rather than by its photos.",
      tools: [],
      allowDelegation: false,
      maxIter: 25,
      memory: false,
      watch: [],
      sendTo: [],
    },
    {
      id: "local_guide",
      role: "Local guide",
      goal: "Suggest the best things to see, do and eat in {destination} during {dates}",
      backstory:
        "You grew up in {destination} and have guided small groups through it for years. You know which sights are worth the queue, where locals actually eat, and what seasonal events are on at any time of year.",
      tools: [],
      allowDelegation: false,
      maxIter: 25,
      memory: false,
      watch: [],
      sendTo: [],
    },
    {
      id: "travel_planner",
      role: "Travel planner",
      goal: "Combine flights, lodging and activities into a realistic, relaxed day-by-day itinerary",
      backstory:
        "You plan trips for busy families and know that a good itinerary leaves room to breathe. You check that arrival times, check-in times and opening hours fit together, and you always keep a rainy-day option in reserve.",
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
      id: "flights_task",
      name: "Find flights",
      description:
        "Look for return flights from {origin} to {destination} for {dates}. Compare direct and one-stop options, typical prices, departure and arrival times, and which airports are used at each end.",
      expectedOutput:
        "Three recommended flight options, each with airline, route, outbound and return times, approximate price and one line on why it is a good pick.",
      agent: "flight_scout",
      context: [],
      async: true,
      tools: [],
      humanInput: false,
    },
    {
      id: "hotels_task",
      name: "Find places to stay",
      description:
        "Find places to stay in {destination} for {dates}. Cover a budget, a mid-range and a comfort option, and explain which neighbourhood each is in and how easy it is to get around from there.",
      expectedOutput:
        "Three accommodation options with name, neighbourhood, approximate price per night, distance to the centre or public transport, and a short pros and cons list.",
      agent: "hotel_scout",
      context: [],
      async: true,
      tools: [],
      humanInput: false,
    },
    {
      id: "activities_task",
      name: "Find activities",
      description:
        "Suggest activities in {destination} for {dates}: must-see sights, lesser-known spots, places to eat and any festivals or events happening then. Note opening days and whether booking ahead is needed.",
      expectedOutput:
        "A list of 8 to 12 activities and food spots, each with a one-line description, the area of the city it is in, rough cost and any booking advice.",
      agent: "local_guide",
      context: [],
      async: true,
      tools: [],
      humanInput: false,
    },
    {
      id: "itinerary_task",
      name: "Build the itinerary",
      description:
        "Using the flight, accommodation and activity findings, build a day-by-day itinerary for a trip from {origin} to {destination} for {dates}. Pick one flight and one place to stay, fit the activities around arrival and departure times, and group sights by area to limit travel.",
      expectedOutput:
        "A Markdown itinerary: the chosen flight and accommodation with reasons, then one section per day with morning, afternoon and evening plans, and an estimated total budget at the end.",
      agent: "travel_planner",
      context: ["flights_task", "hotels_task", "activities_task"],
      async: false,
      tools: [],
      outputFile: "itinerary.md",
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
    flight_scout: { x: 0, y: 0 },
    hotel_scout: { x: 0, y: 170 },
    local_guide: { x: 0, y: 340 },
    travel_planner: { x: 0, y: 510 },
    flights_task: { x: 380, y: 0 },
    hotels_task: { x: 380, y: 170 },
    activities_task: { x: 380, y: 340 },
    itinerary_task: { x: 380, y: 510 },
  },
};
