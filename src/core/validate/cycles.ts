// Cycles in the base-model graph, searched over flat parent lists (no per-model arrays).

/**
 * Cycles in the base-model graph (at most 20), each as the list of model indices on it: an iterative colouring DFS
 * over the parent lists `at`/`to` (model i's parents are to[at[i]..at[i+1]), in the order written).
 */
export function findCycles(n: number, at: Int32Array, to: Int32Array): number[][] {
  const colour = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const cycles: number[][] = [];
  // The stack of models being visited (also the path from the start) and the next parent of each to look at.
  const stack = new Int32Array(n);
  const next = new Int32Array(n);
  for (let s = 0; s < n && cycles.length < 20; s++) {
    if (colour[s] !== 0) continue;
    let top = 0;
    stack[0] = s;
    next[0] = at[s];
    colour[s] = 1;
    while (top >= 0) {
      const v = stack[top];
      if (next[top] < at[v + 1]) {
        const p = to[next[top]++];
        if (colour[p] === 1) {
          const cyc: number[] = [];
          let k = top;
          while (stack[k] !== p) k--;
          for (; k <= top; k++) cyc.push(stack[k]);
          cycles.push(cyc);
        } else if (colour[p] === 0) {
          colour[p] = 1;
          stack[++top] = p;
          next[top] = at[p];
        }
      } else {
        colour[v] = 2;
        top--;
      }
    }
  }
  return cycles;
}
