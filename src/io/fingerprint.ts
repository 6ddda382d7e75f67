// A cheap fingerprint of a JSON value (FNV-1a over its JSON text), to tell whether a precompiled validator was
// built from the schema that is loaded now. Not a security measure: the schemas are our own files.
export function fingerprint(value: unknown): string {
  const s = JSON.stringify(value);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${s.length}:${h.toString(16)}`;
}
