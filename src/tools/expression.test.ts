import { describe, expect, it } from "vitest";
import { evaluateExpression, formatNumber } from "./expression";

const calc = (expression: string) => formatNumber(evaluateExpression(expression));

describe("evaluateExpression", () => {
  it.each([
    ["1 + 2 * 3", "7"],
    ["(1 + 2) * 3", "9"],
    ["10 - 4 - 3", "3"],
    ["100 / 10 / 5", "2"],
    ["7 % 4 * 2", "6"],
    ["2 ^ 3 ^ 2", "512"],
    ["2 ** 3", "8"],
    ["6 × 7 ÷ 2 − 1", "20"],
    ["-2 ^ 2", "-4"],
    ["(-2) ^ 2", "4"],
    ["2 ^ -1", "0.5"],
    ["--3", "3"],
    ["+4 - -4", "8"],
    ["3 * -2", "-6"],
    ["1.5e3 + .5", "1500.5"],
    ["2E-3 * 1000", "2"],
    ["0.1 + 0.2", "0.3"],
    ["1 / 3", "0.333333333333"],
    ["(31 + 45 + 28) / 3", "34.6666666667"],
  ])("%s = %s", (expression, expected) => {
    expect(calc(expression)).toBe(expected);
  });

  it.each([
    ["sqrt(16)", "4"],
    ["abs(-3.5)", "3.5"],
    ["round(2.5)", "3"],
    ["round(-2.5)", "-3"],
    ["round(1.005, 2)", "1.01"],
    ["round(1234.5678, -2)", "1200"],
    ["floor(-1.5) + ceil(1.2)", "0"],
    ["min(3, 1, 2) + max(3, 1, 2)", "4"],
    ["sum(1, 2, 3, 4)", "10"],
    ["mean(2, 4)", "3"],
    ["pow(2, 10)", "1024"],
    ["log(1000)", "3"],
    ["log(8, 2)", "3"],
    ["ln(e)", "1"],
    ["exp(0)", "1"],
    ["sin(pi / 2) + cos(0) + tan(0)", "2"],
    ["PI", "3.14159265359"],
    ["max(1, sqrt(pow(3, 2) + 16))", "5"],
  ])("%s = %s", (expression, expected) => {
    expect(calc(expression)).toBe(expected);
  });

  it("averages a list to 12 significant digits", () => {
    expect(calc("avg(34, 27, 45, 52, 19, 38)")).toBe("35.8333333333");
  });

  it("formats without floating noise or negative zero", () => {
    expect(formatNumber(-0)).toBe("0");
    expect(formatNumber(1e21)).toBe("1e+21");
    expect(formatNumber(123456789012345)).toBe("123456789012345");
    expect(formatNumber(0.1 + 0.2)).toBe("0.3");
  });

  it("points at an unexpected token", () => {
    expect(() => evaluateExpression("2*(3+4))")).toThrow("calculator: unexpected ')' at position 7 in '2*(3+4))'");
    expect(() => evaluateExpression("2 3")).toThrow("calculator: unexpected '3' at position 2 in '2 3'");
    expect(() => evaluateExpression("1,000")).toThrow("unexpected ',' at position 1");
    expect(() => evaluateExpression("2 $ 3")).toThrow("unexpected '$' at position 2");
    expect(() => evaluateExpression("2*(3+4")).toThrow("calculator: unexpected end of expression in '2*(3+4'");
    expect(() => evaluateExpression("  ")).toThrow("calculator: the expression is empty");
  });

  it("refuses division by zero", () => {
    expect(() => evaluateExpression("1/0")).toThrow("calculator: division by zero");
    expect(() => evaluateExpression("5 % (2 - 2)")).toThrow("calculator: division by zero");
    expect(() => evaluateExpression("0 ^ -1")).toThrow("calculator: division by zero");
  });

  it("explains domain, arity and overflow problems", () => {
    expect(() => evaluateExpression("sqrt(-4)")).toThrow("sqrt of a negative number (-4)");
    expect(() => evaluateExpression("log(0)")).toThrow("log is only defined for positive numbers");
    expect(() => evaluateExpression("sqrt(1, 2)")).toThrow("sqrt takes 1 argument, got 2");
    expect(() => evaluateExpression("round(1, 2, 3)")).toThrow("round takes 1 or 2 arguments, got 3");
    expect(() => evaluateExpression("max()")).toThrow("max takes at least 1 argument, got 0");
    expect(() => evaluateExpression("round(1, 0.5)")).toThrow("round's second argument must be a whole number");
    expect(() => evaluateExpression("sqrt 4")).toThrow("sqrt is a function: write sqrt(...)");
    expect(() => evaluateExpression("pi(2)")).toThrow("pi is a constant, not a function");
    expect(() => evaluateExpression("10 ^ 400")).toThrow("the result is too large to represent");
  });

  it.each([
    "constructor",
    "__proto__",
    "toString()",
    "process.exit()",
    "this",
    "globalThis.fetch('x')",
    "Function('return 1')()",
    "eval('1')",
    "x + 1",
  ])("rejects %s as an unknown identifier", (expression) => {
    expect(() => evaluateExpression(expression)).toThrow(/^calculator: unknown identifier '\w+' at position \d+/);
  });

  it("limits length and nesting instead of overflowing the stack", () => {
    expect(() => evaluateExpression(`${"(".repeat(500)}1${")".repeat(500)}`)).toThrow("nested more than 100 levels");
    expect(() => evaluateExpression(`${"1+".repeat(1500)}1`)).toThrow("longer than 2000 characters");
    expect(calc(`${"(".repeat(50)}1${")".repeat(50)}`)).toBe("1");
  });
});
