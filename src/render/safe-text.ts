// Text from the input (ids, names, sources) made safe to print: control characters a terminal or log viewer would
// act on (ESC sequences, C1 controls such as CSI, bidi overrides, line separators) shown as escapes, and nothing
// a CI log parser would run as a command. The GitHub Actions runner reads every line of a step's output: a line
// starting (after white space) with "::" is a workflow command, and so is "##[command]" anywhere in a line (the
// legacy form, still accepted), so reports printed in a CI log must contain neither from the input.

// C0 controls, DEL, C1 controls, the Unicode line and paragraph separators, and the bidi embeddings, overrides and
// isolates ("Trojan Source") that reorder what a reader sees.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
// The same except line feed: for whole reports, whose own lines must survive.
// eslint-disable-next-line no-control-regex
const UNSAFE_KEEP_LF = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

const escape = (c: string): string => {
  const n = c.charCodeAt(0);
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
};

/** One line of text: every control character (newlines included) as a visible escape, e.g. ESC as "\x1b". */
export function visible(s: string): string {
  return s.replace(UNSAFE, escape).replace(/##\[/g, '##\\x5b');
}

/**
 * A whole multi-line report: control characters other than line feed as visible escapes (tabs included), "##["
 * broken up, and a line that would start with "::" (a wrapped id, say) has its first colon escaped.
 */
export function visibleLines(s: string): string {
  return s
    .replace(UNSAFE_KEEP_LF, escape)
    .replace(/##\[/g, '##\\x5b')
    .replace(/^([^\S\n]*):(?=:)/gm, '$1\\x3a');
}

// What jsonSafe rewrites, in one pattern so that a clean report (nearly all of them) costs one scan and no copy.
const JSON_UNSAFE = /[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]|##\[/g;
const JSON_UNSAFE_CHAR = /[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;
const jsonEscape = (m: string): string =>
  m.length === 3 ? '##\\u005b' : `\\u${m.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * JSON text from JSON.stringify: it escapes C0 controls but leaves DEL, C1 controls and U+2028/2029 raw. These, and
 * the "[" of "##[", can only occur inside JSON strings, where "\u009b" or "\u005b" is the same value: data unchanged.
 */
export function jsonSafe(json: string): string {
  // Pure ASCII (UTF-8 length = string length; any other character, a lone surrogate too, takes 2–4 bytes) without
  // DEL holds nothing from the class: two native scans instead of a regular expression over every character.
  const clean =
    Buffer.byteLength(json, 'utf8') === json.length ? !json.includes('\u007f') : !JSON_UNSAFE_CHAR.test(json);
  if (clean && !json.includes('##[')) return json;
  return json.replace(JSON_UNSAFE, jsonEscape);
}

/**
 * A CSV cell a spreadsheet will not run as a formula (CSV injection, OWASP): text starting with =, +, -, @, tab or
 * carriage return gets a leading apostrophe, which spreadsheets show as text and do not evaluate. Also `visible`.
 * Numbers are written by the caller as they are (a minus sign there is a number, not a formula).
 */
export function spreadsheetSafe(s: string): string {
  const v = visible(s);
  return /^[=+\-@\t\r]/.test(s) ? `'${v}` : v;
}

/** One RFC 4180 field: spreadsheet-safe, quoted when it holds a comma, quote or line break, quotes doubled. */
export function csvField(v: string | number | boolean): string {
  const s = typeof v === 'string' ? spreadsheetSafe(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
