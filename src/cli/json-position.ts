// Finds where a JSON text first goes wrong (Node 20's JSON.parse does not always say), for "line L, column C" errors.
// A loop over an explicit stack of open containers, not recursion: a text nested 100,000 levels deep is answered too.

/** Offset of the first syntax error in `text`, or -1 when none is found. Only called after JSON.parse failed. */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
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
  /** Reads the key and colon of an object member (after "{" or ","). */
  const key = () => {
    ws();
    if (text[i] !== '"') fail();
    str();
    ws();
    if (text[i] !== ':') fail();
    i++;
  };
  // The containers open around the current position: '{' or '['.
  const open: string[] = [];
  try {
    for (;;) {
      // A value is expected here.
      ws();
      const c = text[i];
      if (c === '{' || c === '[') {
        i++;
        ws();
        if (text[i] === (c === '{' ? '}' : ']')) i++; // empty: a complete value
        else {
          open.push(c);
          if (c === '{') key();
          continue;
        }
      } else if (c === '"') str();
      else {
        const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
        if (!m) fail();
        i += m![0].length;
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
