import type { ChatBody, RecordedRequest, Reply, Rule, WireMessage } from "./types";

/** The text of one message: a string as is, content parts joined, tool calls' names and arguments appended. */
export function messageText(message: WireMessage): string {
  const content = message.content;
  let text = "";
  if (typeof content === "string") text = content;
  else if (Array.isArray(content)) {
    // Content parts ({ type: "text", text }) are how newer clients send multi-part messages.
    text = content.map((part: unknown) => (isRecord(part) && typeof part.text === "string" ? part.text : "")).join("");
  }
  for (const call of message.tool_calls ?? []) text += `${call.function?.name ?? ""}${call.function?.arguments ?? ""}`;
  return text;
}

/** The text of the last user message of a request ("" when there is none). */
export function lastUserText(body: ChatBody): string {
  const messages = body.messages ?? [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === "user") return messageText(message);
  }
  return "";
}

function testText(matcher: string | RegExp, text: string): boolean {
  if (typeof matcher === "string") return text.includes(matcher);
  // A /g or /y RegExp keeps lastIndex between calls; reset it so a rule matches the same way every time.
  matcher.lastIndex = 0;
  return matcher.test(text);
}

/** Whether a rule's `match` and `matchAny` (both, when both are given) accept a request. */
export function ruleMatches(rule: Rule, req: RecordedRequest): boolean {
  const { match, matchAny } = rule;
  if (match !== undefined) {
    const ok = typeof match === "function" ? match(req) : testText(match, lastUserText(req.body));
    if (!ok) return false;
  }
  if (matchAny !== undefined) {
    const texts = (req.body.messages ?? []).map(messageText);
    if (!texts.some((text) => testText(matchAny, text))) return false;
  }
  return true;
}

/** A rule in the server's script, with how many requests it has answered. */
export interface ActiveRule {
  rule: Rule;
  used: number;
}

/** Picks the first rule that matches and has `times` left, and counts the use; undefined when none does. */
export function pickRule(rules: ActiveRule[], req: RecordedRequest): { index: number; reply: Reply } | undefined {
  for (const [index, active] of rules.entries()) {
    const { rule } = active;
    if (rule.times !== undefined && active.used >= rule.times) continue;
    if (!ruleMatches(rule, req)) continue;
    active.used++;
    return { index, reply: typeof rule.reply === "function" ? rule.reply(req) : rule.reply };
  }
  return undefined;
}

const REGEXP_LITERAL = /^\/(.*)\/([dgimsuvy]*)$/s;

/** A script file's match string: "/.../flags" is a RegExp, anything else a substring. */
export function parseMatcher(text: string): string | RegExp {
  const literal = REGEXP_LITERAL.exec(text);
  return literal ? new RegExp(literal[1] ?? "", literal[2]) : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkReply(value: unknown, where: string): Reply {
  if (!isRecord(value)) throw new Error(`${where}.reply: expected an object`);
  if (value.content !== undefined && typeof value.content !== "string") throw new Error(`${where}.reply.content: expected a string`);
  if (value.toolCalls !== undefined) {
    if (!Array.isArray(value.toolCalls)) throw new Error(`${where}.reply.toolCalls: expected an array`);
    value.toolCalls.forEach((call: unknown, i) => {
      if (!isRecord(call) || typeof call.name !== "string") throw new Error(`${where}.reply.toolCalls[${i}].name: expected a string`);
    });
  }
  if (value.error !== undefined && !(isRecord(value.error) && typeof value.error.status === "number")) {
    throw new Error(`${where}.reply.error.status: expected a number`);
  }
  // The remaining fields are optional flags and numbers; a wrong type there shows up as odd mock behaviour, not a crash.
  return value as Reply;
}

/** Reads a script file's JSON (an array of rules with string matchers) into rules; throws with the JSON path of a problem. */
export function parseScript(json: unknown): Rule[] {
  if (!Array.isArray(json)) throw new Error("$: a script is a JSON array of rules");
  return json.map((value: unknown, i): Rule => {
    const where = `$[${i}]`;
    if (!isRecord(value)) throw new Error(`${where}: expected an object`);
    const rule: Rule = { reply: checkReply(value.reply, where) };
    for (const key of ["match", "matchAny"] as const) {
      const matcher = value[key];
      if (matcher === undefined) continue;
      if (typeof matcher !== "string") throw new Error(`${where}.${key}: expected a string ("/regexp/flags" or a substring)`);
      rule[key] = parseMatcher(matcher);
    }
    if (value.times !== undefined) {
      if (typeof value.times !== "number" || !Number.isInteger(value.times) || value.times < 0) {
        throw new Error(`${where}.times: expected a whole number`);
      }
      rule.times = value.times;
    }
    return rule;
  });
}
