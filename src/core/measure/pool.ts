// Scratch typed arrays reused from one lineage pass to the next. Each pass over a million-model lineage needs some
// twenty arrays of a model count (edges, topological positions, bits, chains, marks) for as long as it runs. V8
// starts a full garbage collection each time some 64 MB more of ArrayBuffers has been allocated (one large buffer
// counts once), and at a million models each collection marks the whole parsed lineage for seconds: new arrays for
// every pass cost several. These are carved out of the store's slab (slab.ts) the first time and handed out again,
// zeroed, by kind and length.
import type { Slab } from './slab';

export interface Pool {
  i32(n: number): Int32Array;
  u32(n: number): Uint32Array;
  u8(n: number): Uint8Array;
  /** Gives arrays back: each exactly as it was handed out (not a subarray of it), once. */
  give(...arrays: (Int32Array | Uint32Array | Uint8Array)[]): void;
}

export class BufferPool implements Pool {
  private readonly free = new Map<string, (Int32Array | Uint32Array | Uint8Array)[]>();

  constructor(private readonly slab?: Slab) {}

  private reuse<T extends Int32Array | Uint32Array | Uint8Array>(key: string): T | undefined {
    const v = this.free.get(key)?.pop() as T | undefined;
    if (v !== undefined) v.fill(0);
    return v;
  }

  i32(n: number): Int32Array {
    return this.reuse<Int32Array>(`i${n}`) ?? (this.slab ? this.slab.i32(n) : new Int32Array(n));
  }

  u32(n: number): Uint32Array {
    return this.reuse<Uint32Array>(`u${n}`) ?? (this.slab ? this.slab.u32(n) : new Uint32Array(n));
  }

  u8(n: number): Uint8Array {
    return this.reuse<Uint8Array>(`b${n}`) ?? (this.slab ? this.slab.u8(n) : new Uint8Array(n));
  }

  give(...arrays: (Int32Array | Uint32Array | Uint8Array)[]): void {
    for (const a of arrays) {
      const key = `${a instanceof Int32Array ? 'i' : a instanceof Uint32Array ? 'u' : 'b'}${a.length}`;
      let list = this.free.get(key);
      if (!list) this.free.set(key, (list = []));
      list.push(a);
    }
  }
}

/** Fresh arrays when no pool is given (tests, one-off passes). */
export const NO_POOL: Pool = {
  i32: (n) => new Int32Array(n),
  u32: (n) => new Uint32Array(n),
  u8: (n) => new Uint8Array(n),
  give: () => {},
};
