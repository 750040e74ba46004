export * from "./factory";
export * from "./io";
export * from "./migrations";
export * from "./placeholders";
export * from "./problems";
export * from "./repository";
export * from "./schema";
export * from "./validate";
