// Typed-array columns carved out of a few large buffers. V8 counts every new ArrayBuffer as external memory and, in
// Node 20, starts a full garbage collection each time some 64 MB more of it has been allocated: at a million
// models a measure column is 8 MB and each collection marks the whole parsed lineage (seconds), so allocating the
// tables one array at a time cost a collection every few arrays. Buffers taken in large, growing chunks trigger a
// handful instead. Nothing is ever freed from a slab: it lives as long as the measure tables it holds.

export class Slab {
  private buf: ArrayBuffer | undefined;
  private at = 0;
  private next: number;

  /**
   * `firstBytes`: the size of the first chunk (each next one doubles); pages never written take no memory. A small
   * lineage (an API request of a few models) gets a small first chunk: each new ArrayBuffer is zero-filled and
   * counted as external memory, and a request makes several stores.
   */
  constructor(firstBytes: number) {
    this.next = Math.max(1 << 12, Math.ceil(firstBytes / 8) * 8);
  }

  private take(bytes: number): { buf: ArrayBuffer; off: number } {
    const size = Math.ceil(bytes / 8) * 8;
    if (this.buf === undefined || this.at + size > this.buf.byteLength) {
      const chunk = Math.max(size, this.next);
      this.next = chunk * 2;
      this.buf = new ArrayBuffer(chunk);
      this.at = 0;
    }
    const off = this.at;
    this.at += size;
    return { buf: this.buf, off };
  }

  f64(n: number): Float64Array {
    const { buf, off } = this.take(n * 8);
    return new Float64Array(buf, off, n);
  }

  i32(n: number): Int32Array {
    const { buf, off } = this.take(n * 4);
    return new Int32Array(buf, off, n);
  }

  u32(n: number): Uint32Array {
    const { buf, off } = this.take(n * 4);
    return new Uint32Array(buf, off, n);
  }

  u8(n: number): Uint8Array {
    const { buf, off } = this.take(n);
    return new Uint8Array(buf, off, n);
  }
}
