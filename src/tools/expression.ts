/**
 * A small recursive-descent evaluator for the calculator tool. It never uses eval or Function: identifiers are looked up
 * in closed Maps, so `constructor`, `process` or `this` are just unknown identifiers.
 *
 * Grammar (lowest precedence first):
 *   sum     := product (("+" | "-") product)*
 *   product := unary (("*" | "/" | "%") unary)*
 *   unary   := ("-" | "+") unary | power
 *   power   := primary ("^" unary)?          right-associative; -2^2 = -4, 2^-1 = 0.5
 *   primary := number | name | name "(" sum ("," sum)* ")" | "(" sum ")"
 */

type Token = { kind: "num"; value: number; text: string; pos: number } | { kind: "name" | "op"; text: string; pos: number };

const MAX_LENGTH = 2000;
// Deep nesting would otherwise overflow the JS stack with an unreadable RangeError.
const MAX_DEPTH = 100;

const ALIASES = new Map([
  ["**", "^"],
  ["×", "*"],
  ["÷", "/"],
  ["−", "-"],
]);

const CONSTANTS = new Map<string, number>([
  ["pi", Math.PI],
  ["e", Math.E],
]);

type Fn = { min: number; max: number; apply: (args: number[], fail: (message: string) => never) => number };

const unary = (f: (x: number) => number): Fn => ({ min: 1, max: 1, apply: (a) => f(a[0] as number) });
const list = (f: (a: number[]) => number): Fn => ({ min: 1, max: Number.POSITIVE_INFINITY, apply: (a) => f(a) });
const total = (a: number[]) => a.reduce((s, x) => s + x, 0);
const positive = (name: string, x: number, fail: (message: string) => never) =>
  x > 0 ? x : fail(`${name} is only defined for positive numbers, got ${x}`);

const FUNCTIONS = new Map<string, Fn>([
  ["sqrt", { min: 1, max: 1, apply: ([x = 0], fail) => (x < 0 ? fail(`sqrt of a negative number (${x})`) : Math.sqrt(x)) }],
  ["abs", unary(Math.abs)],
  ["round", { min: 1, max: 2, apply: ([x = 0, digits = 0], fail) => roundTo(x, digits, fail) }],
  ["floor", unary(Math.floor)],
  ["ceil", unary(Math.ceil)],
  ["min", list((a) => Math.min(...a))],
  ["max", list((a) => Math.max(...a))],
  ["sum", list(total)],
  ["avg", list((a) => total(a) / a.length)],
  ["mean", list((a) => total(a) / a.length)],
  ["pow", { min: 2, max: 2, apply: ([x = 0, y = 0]) => x ** y }],
  [
    "log",
    {
      min: 1,
      max: 2,
      apply: ([x = 0, base], fail) =>
        base === undefined
          ? Math.log10(positive("log", x, fail))
          : Math.log(positive("log", x, fail)) / Math.log(positive("log base", base, fail)),
    },
  ],
  ["ln", { min: 1, max: 1, apply: ([x = 0], fail) => Math.log(positive("ln", x, fail)) }],
  ["exp", unary(Math.exp)],
  ["sin", unary(Math.sin)],
  ["cos", unary(Math.cos)],
  ["tan", unary(Math.tan)],
]);

/** Rounds half away from zero to `digits` decimals; toPrecision first so 1.005 rounds to 1.01 rather than 1.00. */
function roundTo(x: number, digits: number, fail: (message: string) => never): number {
  if (!Number.isInteger(digits) || Math.abs(digits) > 15)
    fail(`round's second argument must be a whole number from -15 to 15, got ${digits}`);
  const factor = 10 ** digits;
  const shifted = Number((Math.abs(x) * factor).toPrecision(15));
  return (Math.sign(x) * Math.round(shifted)) / factor;
}

/** Thrown for any problem with an expression; the message is ready to show an agent. */
export class ExpressionError extends Error {
  override readonly name = "ExpressionError";
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(\*\*|[-+*/%^(),×÷−])/y;
  let pos = 0;
  while (pos < source.length) {
    pattern.lastIndex = pos;
    const match = pattern.exec(source);
    // An unknown character becomes a token no rule accepts, so the parser reports it where it stands, after unknown identifiers.
    const [text, number, name, op] = match ?? [source.charAt(pos), undefined, undefined, source.charAt(pos)];
    if (number !== undefined) tokens.push({ kind: "num", value: Number(number), text, pos });
    else if (name !== undefined) tokens.push({ kind: "name", text: name, pos });
    // Models also write power as "**" and copy typographic × ÷ − from prose; each means the ASCII operator.
    else if (op !== undefined) tokens.push({ kind: "op", text: ALIASES.get(op) ?? op, pos });
    pos += text.length;
  }
  return tokens;
}

/** Evaluates an arithmetic expression; throws ExpressionError with the position of the problem. */
export function evaluateExpression(source: string): number {
  const fail = (message: string): never => {
    throw new ExpressionError(`calculator: ${message} in '${source}'`);
  };
  if (!source.trim()) throw new ExpressionError("calculator: the expression is empty");
  if (source.length > MAX_LENGTH) throw new ExpressionError(`calculator: the expression is longer than ${MAX_LENGTH} characters`);
  const tokens = tokenize(source);
  let index = 0;
  let depth = 0;

  const peek = (): Token | undefined => tokens[index];
  const unexpected = (token: Token | undefined): never =>
    token ? fail(`unexpected '${token.text}' at position ${token.pos}`) : fail("unexpected end of expression");
  const accept = (text: string): boolean => {
    const token = peek();
    if (token?.kind !== "op" || token.text !== text) return false;
    index++;
    return true;
  };
  const expect = (text: string): void => {
    if (!accept(text)) unexpected(peek());
  };

  function sum(): number {
    if (++depth > MAX_DEPTH) fail(`the expression is nested more than ${MAX_DEPTH} levels deep`);
    let value = product();
    for (;;) {
      if (accept("+")) value += product();
      else if (accept("-")) value -= product();
      else break;
    }
    depth--;
    return value;
  }

  function product(): number {
    let value = signed();
    for (;;) {
      const op = peek();
      if (op?.kind !== "op" || !["*", "/", "%"].includes(op.text)) return value;
      index++;
      const right = signed();
      if (op.text === "*") value *= right;
      else if (right === 0) fail("division by zero");
      else value = op.text === "/" ? value / right : value % right;
    }
  }

  function signed(): number {
    if (accept("-")) return -signed();
    if (accept("+")) return signed();
    return power();
  }

  function power(): number {
    const base = primary();
    if (!accept("^")) return base;
    // The exponent may itself be signed or a power (2^3^2 = 2^9), which makes "^" right-associative.
    const exponent = signed();
    if (base === 0 && exponent < 0) fail("division by zero");
    return base ** exponent;
  }

  function primary(): number {
    const token = peek();
    if (!token) return unexpected(token);
    index++;
    if (token.kind === "num") return token.value;
    if (token.kind === "op") {
      if (token.text !== "(") return unexpected(token);
      const value = sum();
      expect(")");
      return value;
    }
    return call(token);
  }

  function call(token: Token): number {
    const key = token.text.toLowerCase();
    const constant = CONSTANTS.get(key);
    const fn = FUNCTIONS.get(key);
    const isCall = peek()?.text === "(";
    if (constant !== undefined && !isCall) return constant;
    if (constant !== undefined) return fail(`${token.text} is a constant, not a function (position ${token.pos})`);
    if (!fn)
      return fail(
        `unknown identifier '${token.text}' at position ${token.pos} (known: ${[...FUNCTIONS.keys(), ...CONSTANTS.keys()].join(", ")})`,
      );
    if (!isCall) return fail(`${token.text} is a function: write ${key}(...) (position ${token.pos})`);
    index++;
    const args: number[] = [];
    if (!accept(")")) {
      do args.push(sum());
      while (accept(","));
      expect(")");
    }
    if (args.length < fn.min || args.length > fn.max) {
      const wanted =
        fn.min === fn.max ? `${fn.min}` : fn.max === Number.POSITIVE_INFINITY ? `at least ${fn.min}` : `${fn.min} or ${fn.max}`;
      fail(`${key} takes ${wanted} argument${/(^| )1$/.test(wanted) ? "" : "s"}, got ${args.length} (position ${token.pos})`);
    }
    return fn.apply(args, fail);
  }

  const value = sum();
  if (index < tokens.length) unexpected(peek());
  if (Number.isNaN(value)) fail("the result is not a number");
  if (!Number.isFinite(value)) fail("the result is too large to represent");
  return value;
}

/** Formats a result for an agent: 12 significant digits, so 0.1 + 0.2 reads 0.3 and 1/3 reads 0.333333333333. */
export function formatNumber(value: number): string {
  // Whole numbers print exactly (12 significant digits would mangle 123456789012345); fractions lose float noise.
  if (Number.isSafeInteger(value)) return String(value);
  const rounded = Number(value.toPrecision(12));
  return Object.is(rounded, -0) ? "0" : String(rounded);
}
