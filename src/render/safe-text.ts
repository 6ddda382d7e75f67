// Text from the input (ids, names, sources) made safe to print: control characters a terminal or log viewer would
// act on (ESC sequences, C1 controls such as CSI, bidirectional overrides, line separators) shown as escapes.

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
  return s.replace(UNSAFE, escape);
}

/** A whole multi-line report: control characters other than line feed as visible escapes (tabs included). */
export function visibleLines(s: string): string {
  return s.replace(UNSAFE_KEEP_LF, escape);
}

/**
 * JSON text from JSON.stringify: it escapes C0 controls but leaves DEL, C1 controls and U+2028/2029 raw. Inside
 * JSON strings (the only place they can be) "\u009b" is the same value, so the data is unchanged.
 */
export function jsonSafe(json: string): string {
  // eslint-disable-next-line no-control-regex
  return json.replace(/[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
