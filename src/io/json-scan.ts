// The one JSON scanner: walks a JSON text once, without building values, for what JSON.parse does not tell —
// where a text first goes wrong (Node 20's JSON.parse does not always say: "line L, column C" errors) and where
// members are written (the line of each model's "id", for SARIF and annotations). A loop over an explicit stack of
// open containers, not recursion: a text nested 100,000 levels deep is answered too.

/** One key or index on the way from the root to a value. */
export type JsonPathStep = string | number;

/**
 * Called for each scalar member of an object no deeper than `depth` levels (keys decoded), with the offset of its
 * key and the text of its value, e.g. (["models", 0, "id"], 42, '"a"').
 */
export type MemberVisitor = (path: readonly JsonPathStep[], keyOffset: number, raw: string) => void;

/**
 * Offset of the first syntax error in `text`, or -1 when there is none. With a visitor, reports the scalar members
 * down to `depth` levels as it goes (those before an error are still reported).
 */
export function scanJson(text: string, visit?: MemberVisitor, depth = 3): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the offset itself is thrown and caught below
    throw i;
  };
  const str = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  // The containers open around the current position ('{' or '['), and the key or index of each one's current member.
  const open: string[] = [];
  const path: JsonPathStep[] = [];
  let keyAt = -1;
  /** Reads the key and colon of an object member (after "{" or ","). */
  const key = () => {
    ws();
    if (text[i] !== '"') fail();
    keyAt = i;
    str();
    if (visit && open.length <= depth) path[open.length - 1] = JSON.parse(text.slice(keyAt, i)) as string;
    ws();
    if (text[i] !== ':') fail();
    i++;
  };
  try {
    for (;;) {
      // A value is expected here.
      ws();
      const c = text[i];
      const start = i;
      if (c === '{' || c === '[') {
        i++;
        ws();
        if (text[i] === (c === '{' ? '}' : ']'))
          i++; // empty: a complete value
        else {
          open.push(c);
          if (c === '{') key();
          else if (visit && open.length <= depth) path[open.length - 1] = 0;
          continue;
        }
      } else {
        if (c === '"') str();
        else {
          const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
          if (!m) fail();
          i += m![0].length;
        }
        if (visit && open.length > 0 && open.length <= depth && open[open.length - 1] === '{')
          visit(path.slice(0, open.length), keyAt, text.slice(start, i));
      }
      // After a value: a comma (next member or element) or the end of one or more containers.
      for (;;) {
        if (open.length === 0) {
          ws();
          return i < text.length ? i : -1;
        }
        ws();
        const top = open[open.length - 1];
        if (text[i] === ',') {
          i++;
          if (top === '{') key();
          else if (visit && open.length <= depth) (path[open.length - 1] as number)++;
          break;
        }
        if (text[i] === (top === '{' ? '}' : ']')) {
          i++;
          open.pop();
          continue;
        }
        fail();
      }
    }
  } catch (e) {
    return typeof e === 'number' ? Math.min(e, text.length) : -1;
  }
}

/** Offset of the first syntax error in `text`, or -1 when none is found. Only called after JSON.parse failed. */
export function jsonErrorOffset(text: string): number {
  return scanJson(text);
}
