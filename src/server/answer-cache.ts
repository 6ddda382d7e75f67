// Answers of POST /api/v1/evaluate kept by what decides them: the body's bytes, the evaluation date, the rule
// selection and the models asked for. The core is deterministic (same input, rules and date → byte-identical JSON),
// so a repeated request (CI re-checking an unchanged lineage on every push) is answered from here without parsing,
// validating, evaluating or pretty-printing again. Least recently used first out, bounded in bytes; 0 turns it off.
// An answer is also kept gzipped (made the first time a client that accepts gzip asks for it, at a fast level) so
// that repeats to such clients cost neither evaluation nor compression.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { releaseAnswer } from './evaluate';

export interface Answer {
  /** The answer's UTF-8 bytes. */
  body: Buffer;
  /** The text gzipped, made the first time a client accepts it. */
  gzip?: Buffer;
  /** Whether the cache holds it (its bytes counted). */
  kept?: boolean;
  /** `body` is this answer's alone, carved from an answer slab: handed back (releaseAnswer) when no use is left. */
  pooled?: boolean;
  /** Uses of `body` going on: kept by the cache, being written to a response. */
  holds?: number;
  released?: boolean;
}

/** A use of an answer's body begins (the cache keeps it, a response sends it). */
export function holdAnswer(a: Answer): void {
  a.holds = (a.holds ?? 0) + 1;
}

/** A use of an answer's body ends; the last one hands a pooled body back to its slab. */
export function dropAnswer(a: Answer): void {
  a.holds = (a.holds ?? 0) - 1;
  settleAnswer(a);
}

/** Hands a pooled body back when nothing uses it (an answer neither kept nor being sent), once. */
export function settleAnswer(a: Answer): void {
  if ((a.holds ?? 0) > 0 || !a.pooled || a.released) return;
  a.released = true;
  releaseAnswer(a.body);
}

/**
 * The UTF-8 bytes of an answer. A report is nearly always pure ASCII (JSON.stringify escapes nothing above it, but
 * ids and names are mostly ASCII), and then its Latin-1 bytes are the same bytes: Node 20 encodes a one-byte string
 * as Latin-1 about thirty times faster than as UTF-8 (60 µs against 1.5 ms for a 170 KB answer).
 */
export function answerBytes(text: string): Buffer {
  return Buffer.byteLength(text, 'utf8') === text.length ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
}

/**
 * Gzip at level 1: the answers are repetitive JSON (about 10× smaller at level 1), and time is what is scarce. The
 * output buffer holds a whole gzipped answer of ordinary size (22 KB for 46 findings) in one piece, instead of
 * zlib's default 16 KB pieces joined afterwards; the bytes are the same.
 */
export function gzipAnswer(answer: string | Buffer): Buffer {
  return gzipSync(typeof answer === 'string' ? answerBytes(answer) : answer, { level: 1, chunkSize: 64 * 1024 });
}

export interface AnswerCache {
  get(key: string): Answer | undefined;
  /** Keeps an answer (text or UTF-8 bytes; and its gzipped bytes when already made); returns it as kept, or a
   * fresh one when too big. `pooled`: the bytes are the answer's alone, from an answer slab (see Answer). */
  set(key: string, answer: string | Buffer, gzip?: Buffer, pooled?: boolean): Answer;
  /** The gzipped answer (made and counted once). */
  gzipped(a: Answer): Buffer;
  readonly bytes: number;
  readonly size: number;
}

/** The cache key: a digest of every input of the answer (the rules are fixed for the app's lifetime). */
export function answerKey(body: Buffer, parts: readonly (string | undefined)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p === undefined ? '\u0000-' : `\u0000+${p.length}:${p}`);
  h.update('\u0001');
  h.update(body);
  return h.digest('base64url');
}

export function answerCache(maxBytes: number): AnswerCache {
  // A Map iterates in insertion order: re-inserting on each hit keeps the least recently used first.
  const entries = new Map<string, Answer>();
  let bytes = 0;
  const size = (a: Answer) => a.body.length + (a.gzip?.length ?? 0);
  const evict = () => {
    for (const [k, v] of entries) {
      if (bytes <= maxBytes) break;
      entries.delete(k);
      v.kept = false;
      bytes -= size(v);
      dropAnswer(v);
    }
  };
  // Sizes are counted in bytes. One answer may take at most a quarter of the cache, so a few big ones cannot flush everything else.
  const maxEntry = Math.floor(maxBytes / 4);
  return {
    get(key) {
      const v = entries.get(key);
      if (v) {
        entries.delete(key);
        entries.set(key, v);
      }
      return v;
    },
    set(key, answer, gzip, pooled) {
      const body = typeof answer === 'string' ? answerBytes(answer) : answer;
      const a: Answer = gzip ? { body, gzip } : { body };
      if (pooled && typeof answer !== 'string') a.pooled = true;
      if (body.length > maxEntry || entries.has(key)) return a;
      a.kept = true;
      holdAnswer(a);
      entries.set(key, a);
      bytes += size(a);
      evict();
      return a;
    },
    gzipped(a) {
      if (!a.gzip) {
        a.gzip = gzipAnswer(a.body);
        // Counted only while the answer is kept (one too big to keep, or evicted, is not).
        if (a.kept) {
          bytes += a.gzip.length;
          evict();
        }
      }
      return a.gzip;
    },
    get bytes() {
      return bytes;
    },
    get size() {
      return entries.size;
    },
  };
}
