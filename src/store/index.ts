export * from "./createAppStore";
export * from "./crewOps";
export * from "./fragment";
export * from "./hooks";
export * from "./selectors";
export * from "./types";
export { plural } from "./uiSlice";
