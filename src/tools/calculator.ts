import { z } from "zod";
import { defineTool } from "./builtinTool";
import { evaluateExpression, formatNumber } from "./expression";

/** The calculator tool: evaluates an arithmetic expression and answers with the number as text. */
export const calculatorTool = defineTool({
  name: "calculator",
  args: z.object({
    expression: z
      .string()
      .min(1, "must not be empty")
      .describe(
        "Arithmetic expression, e.g. round(avg(34, 27, 45) * 1.2, 2). Operators + - * / % ^ and parentheses; functions sqrt, abs, round(x, digits), floor, ceil, min, max, sum, avg, pow, log (base 10, or log(x, base)), ln, exp, sin, cos, tan; constants pi and e.",
      ),
  }),
  config: z.object({}),
  example: { expression: "(31 + 45 + 28) / 3" },
  run: ({ expression }) => formatNumber(evaluateExpression(expression)),
});
