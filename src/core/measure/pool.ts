// Scratch typed arrays reused from one lineage pass to the next. Each pass over a million-model lineage needs some
// twenty arrays of a model count (edges, topological positions, bits, chains, marks) for as long as it runs; new ones
// for every pass are, in Node 20, a full garbage collection for about every 64 MB of ArrayBuffers, and each one marks
// the whole parsed lineage (seconds at that size). Buffers given back are handed out again, zeroed, by byte length.

export class BufferPool {
  private readonly free = new Map<number, ArrayBuffer[]>();

  private take(bytes: number): ArrayBuffer {
    const list = this.free.get(bytes);
    const b = list?.pop();
    if (b === undefined) return new ArrayBuffer(bytes);
    new Uint8Array(b).fill(0);
    return b;
  }

  i32(n: number): Int32Array {
    return new Int32Array(this.take(n * 4));
  }

  u32(n: number): Uint32Array {
    return new Uint32Array(this.take(n * 4));
  }

  u8(n: number): Uint8Array {
    return new Uint8Array(this.take(n));
  }

  /** Gives arrays back (whole buffers: never a view into a larger one that is still in use). */
  give(...arrays: ArrayBufferView[]): void {
    for (const a of arrays) {
      const b = a.buffer as ArrayBuffer;
      let list = this.free.get(b.byteLength);
      if (!list) this.free.set(b.byteLength, (list = []));
      list.push(b);
    }
  }
}

/** Fresh arrays when no pool is given (tests, one-off passes). */
export const NO_POOL = {
  i32: (n: number) => new Int32Array(n),
  u32: (n: number) => new Uint32Array(n),
  u8: (n: number) => new Uint8Array(n),
  give: (): void => {},
};

export type Pool = Pick<BufferPool, 'i32' | 'u32' | 'u8' | 'give'>;
