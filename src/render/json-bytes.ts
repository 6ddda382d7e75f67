// JSON text written as "byte strings": JavaScript strings whose every character is one byte of the UTF-8 output
// (char code < 256), so that a whole answer or a chunk of NDJSON becomes bytes with one Latin-1 copy
// (`Buffer.from(s, 'latin1')`, memory speed on Node 20) instead of V8's UTF-8 encoder (several ns a character), and
// pieces are joined as V8 string ropes instead of one native write per piece.
//
// The bytes are exactly those of `jsonSafe(JSON.stringify(value, null, indent))` in UTF-8:
// - strings are escaped as JSON.stringify escapes them (quotes, backslashes, C0 controls, lone surrogates), then as
//   jsonSafe does (DEL, C1 controls, U+2028/2029, bidi controls as \uXXXX; the "[" of "##[" as \u005b: both can
//   only occur inside strings, so doing it string by string is the same as over the whole text);
// - numbers as JSON.stringify writes them (String(n); null when not finite);
// - objects in their own enumerable keys' order (for…in: the plain data objects of a report have no inherited
//   enumerable keys), members whose value is undefined, a function or a symbol left out; in arrays those are null;
// - anything with a toJSON method (none in a report) is handed to JSON.stringify itself.
// A string that needs nothing (printable ASCII without '"', '\' or "##[": ids, keys, enums, most sentences) is
// taken as it is after one regular-expression test.
import { jsonSafe } from './safe-text';

// Anything that is not printable ASCII, a quote, a backslash, or "##[".
// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /["\\\u0000-\u001f\u007f-\uffff]|##\[/;
// eslint-disable-next-line no-control-regex
const NOT_LATIN1 = /[^\u0000-\u00ff]/;
const ABOVE_ASCII = /[\u0080-\u00ff]/g;
const utf8Pair = (c: string): string => {
  const n = c.charCodeAt(0);
  return String.fromCharCode(0xc0 | (n >> 6), 0x80 | (n & 0x3f));
};

/** A JSON text (any string) as its UTF-8 bytes, one character per byte. */
export function utf8ByteString(s: string): string {
  if (!NOT_LATIN1.test(s)) return s.replace(ABOVE_ASCII, utf8Pair);
  return Buffer.from(s, 'utf8').toString('latin1');
}

// What a string with characters above ASCII may still need besides their UTF-8 bytes: anything outside printable
// ASCII and U+00A0–U+00FF ("×", "§", "é" need no escape), a quote, a backslash, "##[".
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\u009f\u0100-\uffff]|##\[/;

/** A string as a quoted, escaped, jsonSafe JSON string, as a byte string. */
export function jsonStringBytes(s: string): string {
  if (!NEEDS_WORK.test(s)) return '"' + s + '"';
  if (!NEEDS_ESCAPE.test(s)) return '"' + s.replace(ABOVE_ASCII, utf8Pair) + '"';
  return utf8ByteString(jsonSafe(JSON.stringify(s)));
}

/** Indentation by depth: "\n" and two spaces a level (JSON.stringify's `null, 2`). */
const INDENTS: string[] = [];
export function indentAt(depth: number): string {
  let s = INDENTS[depth];
  if (s === undefined) s = INDENTS[depth] = '\n' + '  '.repeat(depth);
  return s;
}

/**
 * How a value is laid out: compact (the API, NDJSON: no white space) or pretty (JSON.stringify's indent of 2),
 * starting at a depth (a finding inside the report's "findings" array is at depth 2).
 */
export interface Layout {
  pretty: boolean;
}

export const COMPACT: Layout = { pretty: false };
export const PRETTY: Layout = { pretty: true };

/** A member name with its colon, as a byte string ("\"id\":" or "\"id\": "). */
const KEYS = new Map<string, string>();
const PRETTY_KEYS = new Map<string, string>();
export function keyBytes(k: string, pretty: boolean): string {
  const m = pretty ? PRETTY_KEYS : KEYS;
  let s = m.get(k);
  if (s === undefined) {
    s = jsonStringBytes(k) + (pretty ? ': ' : ':');
    // Member names are the report's own (a few dozen); ids never become keys in a finding. Bounded all the same.
    if (m.size < 4096) m.set(k, s);
  }
  return s;
}

/** Whether JSON.stringify leaves an object member out (and writes null for it in an array). */
function skipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** Any JSON-able value as a byte string, laid out at `depth`. */
export function valueBytes(v: unknown, layout: Layout, depth: number): string {
  switch (typeof v) {
    case 'string':
      return jsonStringBytes(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (v === null) return 'null';
      if (Array.isArray(v)) return arrayBytes(v, layout, depth);
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return viaStringify(v, layout, depth);
      return objectBytes(v as Record<string, unknown>, layout, depth);
    default:
      // bigint: JSON.stringify throws, and so does this.
      return viaStringify(v, layout, depth);
  }
}

function viaStringify(v: unknown, layout: Layout, depth: number): string {
  const t = JSON.stringify(v, null, layout.pretty ? 2 : undefined);
  const s = layout.pretty && depth > 0 ? t.replace(/\n/g, indentAt(depth)) : t;
  return utf8ByteString(jsonSafe(s));
}

export function arrayBytes(a: readonly unknown[], layout: Layout, depth: number): string {
  const n = a.length;
  if (n === 0) return '[]';
  if (!layout.pretty) {
    let s = '[';
    for (let i = 0; i < n; i++) {
      const x = a[i];
      if (i > 0) s += ',';
      s += skipped(x) ? 'null' : valueBytes(x, layout, depth + 1);
    }
    return s + ']';
  }
  const inner = indentAt(depth + 1);
  let s = '[';
  for (let i = 0; i < n; i++) {
    const x = a[i];
    s += (i > 0 ? ',' : '') + inner + (skipped(x) ? 'null' : valueBytes(x, layout, depth + 1));
  }
  return s + indentAt(depth) + ']';
}

export function objectBytes(o: Record<string, unknown>, layout: Layout, depth: number): string {
  const w = new ObjectBytes(layout, depth);
  for (const k in o) w.member(k, o[k]);
  return w.close();
}

/** An object written member by member (skipped values left out), then closed. */
export class ObjectBytes {
  private s = '{';
  private first = true;
  private readonly inner: string;
  constructor(
    readonly layout: Layout,
    readonly depth: number,
  ) {
    this.inner = layout.pretty ? indentAt(depth + 1) : '';
  }

  /** A member whose value is written by valueBytes. */
  member(k: string, v: unknown): void {
    if (skipped(v)) return;
    this.raw(k, valueBytes(v, this.layout, this.depth + 1));
  }

  /** A member whose value is already a byte string (laid out at depth + 1). */
  raw(k: string, bytes: string): void {
    this.s += (this.first ? '' : ',') + this.inner + keyBytes(k, this.layout.pretty) + bytes;
    this.first = false;
  }

  close(): string {
    if (this.first) return '{}';
    return this.s + (this.layout.pretty ? indentAt(this.depth) : '') + '}';
  }
}

/**
 * Byte strings copied into a Buffer (one Latin-1 copy each: memory speed). With `flush`, the buffer is handed over
 * each time it fills (and reused: `flush` must be done with it when it returns); without, it grows and `take()`
 * hands out what was written. Large allocations are what cost here (every new Buffer over a few pages is its own
 * mapping, and Node collects garbage for about every 64 MB of new ArrayBuffers), so the buffer is made once.
 * `ByteWriter.answer()` writes straight into the free end of the current slab (see `slabBytes`), so that an answer
 * is never copied out of a scratch buffer: `take()` keeps what was written there and moves the slab on past it.
 */
export class ByteWriter {
  private at = 0;
  /** Whether `buf` is the free end of the slab (while this writer owns it: `slabOwner`). */
  private inSlab = false;
  constructor(
    private buf: Buffer,
    private readonly flushTo?: (bytes: Buffer) => void,
  ) {}

  /** A writer for one answer, written in place in the current slab (a fresh slab when less than 64 KB is left). */
  static answer(): ByteWriter {
    // Another answer being written (or one abandoned by an exception) keeps its part of the current slab.
    if (slabOwner !== undefined || slab.length - slabAt < SLAB / 16) newSlab();
    const w = new ByteWriter(slab.subarray(slabAt));
    w.inSlab = true;
    slabOwner = w;
    return w;
  }

  /** Appends a byte string (every character < 256). */
  put(s: string): void {
    const n = s.length;
    if (this.at + n > this.buf.length) {
      if (this.flushTo) {
        this.flush();
        if (n > this.buf.length) {
          this.flushTo(Buffer.from(s, 'latin1'));
          return;
        }
      } else this.grow(this.at + n);
    }
    this.at += this.buf.write(s, this.at, 'latin1');
  }

  /** Hands what was written to `flush` (a view of the reused buffer). */
  flush(): void {
    if (this.at > 0 && this.flushTo) this.flushTo(this.buf.subarray(0, this.at));
    this.at = 0;
  }

  /**
   * What was written, in memory of its own: kept in place when written into the slab (which moves on past it),
   * otherwise carved from a slab (see `slabBytes`) and copied.
   */
  take(): Buffer {
    const n = this.at;
    this.at = 0;
    if (this.inSlab && slabOwner === this) {
      this.inSlab = false;
      slabOwner = undefined;
      slabAt += (n + 7) & ~7;
      carved(slab);
      return this.buf.subarray(0, n);
    }
    this.inSlab = false;
    const out = slabBytes(n);
    this.buf.copy(out, 0, 0, n);
    return out;
  }

  /** The buffer in use (grown when needed), for the caller to reuse. */
  get buffer(): Buffer {
    return this.buf;
  }

  private grow(need: number): void {
    // An answer outgrowing the slab's free end moves to a fresh slab while it fits a quarter of one, then to a
    // buffer of its own (copied out at its size by take()).
    const owns = this.inSlab && slabOwner === this;
    if (owns && need <= SLAB / 4 && slabAt > 0) {
      // A fresh slab (taken before the old one is retired: never the same memory), then this answer's.
      const fresh = takeSlab();
      this.buf.copy(fresh, 0, 0, this.at);
      retire(false);
      slab = fresh;
      slabAt = 0;
      this.buf = fresh;
      return;
    }
    if (owns) slabOwner = undefined;
    let size = Math.max(1024, this.inSlab ? this.at * 2 : this.buf.length * 2);
    this.inSlab = false;
    while (size < need) size *= 2;
    const bigger = Buffer.allocUnsafeSlow(size);
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }
}

// Answers are carved out of 1 MB slabs, as Node carves small Buffers out of its 8 KB pool: measured on this machine, a
// fresh 170 KB Buffer per answer (its own mapping, unmapped when collected) cost about as much as writing the whole
// answer. A slab is freed when no answer carved from it is referenced any more, so at most one slab's worth of
// memory is held beyond the answers themselves (the answer cache evicts oldest first, in slab order).
//
// Slabs are also recycled when their owner says so: fresh memory is what costs (in the server under load, the page
// faults of writing each answer into new memory took about as long as encoding it), so a slab every piece of which
// was handed back (`releaseAnswer`: the server does it when an answer has left the cache and its response is
// finished) is kept, up to FREE_MAX of them, and reused. A slab with any piece never handed back is never reused (it
// is collected as any Buffer), nor one an answer was being written into when another slab replaced it.
const SLAB = 1 << 20;
const FREE_MAX = 8;
let slab: Buffer = Buffer.allocUnsafeSlow(0);
let slabAt = 0;
/** The answer being written into the slab's free end (ByteWriter.answer), if any. */
let slabOwner: ByteWriter | undefined;
/** Pieces carved from each recyclable slab and not handed back; a slab missing here is never reused. */
const pieces = new WeakMap<ArrayBufferLike, { slab: Buffer; n: number; retired: boolean }>();
const freeSlabs: Buffer[] = [];

function takeSlab(): Buffer {
  const s = freeSlabs.pop() ?? Buffer.allocUnsafeSlow(SLAB);
  pieces.set(s.buffer, { slab: s, n: 0, retired: false });
  return s;
}

/**
 * The current slab is replaced: kept for reuse if nothing carved from it is still out, else when the last comes
 * back; never when an answer may still be writing into it (`writing`).
 */
function retire(writing = slabOwner !== undefined): void {
  const p = pieces.get(slab.buffer);
  if (p === undefined) return;
  // A writer still writing into it (nested, or abandoned by an exception): never reused.
  if (writing) pieces.delete(slab.buffer);
  else if (p.n === 0) recycle(p);
  else p.retired = true;
}

function recycle(p: { slab: Buffer }): void {
  pieces.delete(p.slab.buffer);
  if (freeSlabs.length < FREE_MAX) freeSlabs.push(p.slab);
}

function carved(s: Buffer): void {
  const p = pieces.get(s.buffer);
  if (p !== undefined) p.n++;
}

function newSlab(): void {
  retire();
  slab = takeSlab();
  slabAt = 0;
  slabOwner = undefined;
}

/**
 * Hands back an answer made by `ByteWriter.answer().take()` (or `slabBytes`) that nothing will read again: not
 * kept, not being written to a socket, no view of it held anywhere. Its slab is reused once every piece of it is
 * back. A Buffer of its own is ignored; a piece must be handed back at most once (the caller keeps count).
 */
export function releaseAnswer(b: Buffer): void {
  const p = pieces.get(b.buffer);
  if (p === undefined || p.n === 0) return;
  p.n--;
  if (p.n === 0 && p.retired) recycle(p);
}

/** `n` bytes of memory of their own (not zeroed). */
export function slabBytes(n: number): Buffer {
  if (n > SLAB / 4) return Buffer.allocUnsafeSlow(n);
  // Never the free end an answer is being written into.
  if (slabOwner !== undefined || slabAt + n > slab.length) newSlab();
  const out = slab.subarray(slabAt, slabAt + n);
  // Keep the next answer 8-byte aligned, as Node's pool does.
  slabAt += (n + 7) & ~7;
  carved(slab);
  return out;
}
