// Answers of POST /api/v1/evaluate kept by what decides them: the body's bytes, the evaluation date, the rule
// selection and the models asked for. The core is deterministic (same input, rules and date → byte-identical JSON),
// so a repeated request (CI re-checking an unchanged lineage on every push) is answered from here without parsing,
// validating, evaluating or pretty-printing again. Least recently used first out, bounded in bytes; 0 turns it off.
// A repeated answer is also kept gzipped (made on its first repeat, about 20× smaller) for clients that accept it.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export interface Answer {
  text: string;
  /** The text gzipped, made on the first repeat. */
  gzip?: Buffer;
}

export interface AnswerCache {
  get(key: string): Answer | undefined;
  set(key: string, answer: string): void;
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
  const size = (a: Answer) => a.text.length + (a.gzip?.length ?? 0);
  const evict = () => {
    for (const [k, v] of entries) {
      if (bytes <= maxBytes) break;
      entries.delete(k);
      bytes -= size(v);
    }
  };
  // Sizes are counted in UTF-16 code units (bytes for the one-byte strings JSON.stringify gives ASCII reports).
  // One answer may take at most a quarter of the cache, so a few big ones cannot flush everything else.
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
    set(key, answer) {
      if (answer.length > maxEntry || entries.has(key)) return;
      entries.set(key, { text: answer });
      bytes += answer.length;
      evict();
    },
    gzipped(a) {
      if (!a.gzip) {
        a.gzip = gzipSync(a.text);
        bytes += a.gzip.length;
        evict();
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
