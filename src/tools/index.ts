export { BuiltinToolHost, type BuiltinToolHostOptions, builtinToolNames } from "./BuiltinToolHost";
export type { BuiltinTool, FetchLike, ToolEnv } from "./builtinTool";
export { describeMoment } from "./datetime";
export { ExpressionError, evaluateExpression, formatNumber } from "./expression";
export { decodeEntities, htmlToText } from "./htmlText";
export { RunFileSpace } from "./RunFileSpace";
export { normalizeRunPath } from "./runPath";
