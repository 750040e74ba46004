import type { Crew } from "../schema";
import { brainstormRoomCrew } from "./brainstormRoom";
import { dataAnalystCrew } from "./dataAnalyst";
import { editorialTeamCrew } from "./editorialTeam";
import { marketResearchCrew } from "./marketResearch";
import { researchWriterCrew } from "./researchWriter";
import { softwareTeamCrew } from "./softwareTeam";
import { tripPlannerCrew } from "./tripPlanner";

/** A ready crew offered in the template gallery. */
export interface CrewTemplate {
  id: string;
  title: string;
  summary: string;
  tags: string[];
  crew: Crew;
}

/** Every template in the gallery, in the order it shows them. */
export const TEMPLATES: readonly CrewTemplate[] = [
  {
    id: "research-writer",
    title: "Research & write",
    summary: "A researcher gathers sourced facts on a topic from the web, then a writer turns them into an article.",
    tags: ["sequential", "starter", "writing", "web"],
    crew: researchWriterCrew,
  },
  {
    id: "data-analyst",
    title: "Data analyst",
    summary:
      "One analyst plans, checks a list of ages, explains any dropped value (a conditional task) and computes the average with the calculator, answering in structured JSON.",
    tags: ["sequential", "data", "calculator", "structured output", "planning", "conditional"],
    crew: dataAnalystCrew,
  },
  {
    id: "trip-planner",
    title: "Trip planner",
    summary: "Flights, hotels and activities are researched in parallel, then a planner builds a day-by-day itinerary.",
    tags: ["sequential", "async", "parallel", "travel"],
    crew: tripPlannerCrew,
  },
  {
    id: "market-research",
    title: "Market research",
    summary: "Three analysts study market size, competitors and customers in parallel; a writer combines them into a checked report.",
    tags: ["sequential", "async", "parallel", "guardrail", "business"],
    crew: marketResearchCrew,
  },
  {
    id: "software-team",
    title: "Software team",
    summary: "A MetaGPT-style company: product manager, architect, engineer and QA engineer take an idea from PRD to reviewed code.",
    tags: ["sequential", "metagpt", "code", "files"],
    crew: softwareTeamCrew,
  },
  {
    id: "brainstorm-room",
    title: "Brainstorm room",
    summary: "A teacher, a student and an assistant discuss a topic over several rounds, each reacting to the others.",
    tags: ["environment", "metagpt", "discussion"],
    crew: brainstormRoomCrew,
  },
  {
    id: "editorial-team",
    title: "Editorial team",
    summary:
      "A generated Crew Manager runs a researcher, a writer and a copy editor: it delegates every task, checks the work and sends it back when needed.",
    tags: ["hierarchical", "manager", "delegation", "writing"],
    crew: editorialTeamCrew,
  },
];

/** The template with this id, or undefined when there is none. */
export function templateById(id: string): CrewTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
