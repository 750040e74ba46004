// The engine's text (ReAct) protocol as a grammar for web-llm's constrained decoding (XGrammar's EBNF), so a small model
// can only write a reply the engine reads: "Thought: …" then either an Action naming an offered tool with a JSON object
// as its input, or a Final Answer. Kept in step with REACT_FORMAT and parseReact in src/engine/react.ts.

// JSON with its standard escapes; whitespace between tokens is capped, since an unbounded run of it is a known way for
// grammar-constrained small models to loop until max_tokens.
const JSON_RULES = String.raw`object ::= "{" ws (member (ws "," ws member)*)? ws "}"
member ::= string ws ":" ws value
value ::= object | array | string | number | "true" | "false" | "null"
array ::= "[" ws (value (ws "," ws value)*)? ws "]"
string ::= "\"" ([^"\\\x00-\x1f] | "\\" (["\\/bfnrt] | "u" [0-9a-fA-F]{4}))* "\""
number ::= "-"? ("0" | [1-9] [0-9]*) ("." [0-9]+)? ([eE] [-+]? [0-9]+)?
ws ::= [ \t\n]{0,24}`;

/**
 * The grammar of one reply in the text protocol offering `tools` (exact names, any characters); with no tools, the reply
 * can only be a Final Answer (the engine's last turn after an agent ran out of steps).
 */
export function reactGrammar(tools: readonly string[]): string {
  const names = [...new Set(tools)].filter((t) => t.length > 0);
  const rules = [
    String.raw`root ::= "Thought: " line "\n" ${names.length ? "(action | final)" : "final"}`,
    String.raw`line ::= [^\n]*`,
    // Everything up to the end of the reply: the answer may span lines.
    String.raw`final ::= "Final Answer: " [^\x00]*`,
  ];
  if (names.length)
    rules.push(
      String.raw`action ::= "Action: " tool "\n" "Action Input: " object`,
      `tool ::= ${names.map(ebnfString).join(" | ")}`,
      JSON_RULES,
    );
  return `${rules.join("\n")}\n`;
}

/** A literal in XGrammar's EBNF: double-quoted, with backslash, quote and control characters escaped. */
export function ebnfString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}
