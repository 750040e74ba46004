/** LLM adapters implementing the engine's LlmProvider port. */
export { type OpenAiCompatibleOptions, OpenAiCompatibleProvider } from "./OpenAiCompatibleProvider";
export { type Script, ScriptedProvider, type ScriptedProviderOptions, type ScriptedStep } from "./ScriptedProvider";
