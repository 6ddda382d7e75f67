// Defers loading ajv's compiler until a schema really has to be compiled at run time. The core imports
// `ajv/dist/2020` statically (it stays free of require calls, by rule), but with the validators precompiled at build
// time (precompiled.ts) the CLI never compiles, and loading the compiler was ~40 ms of a ~150 ms start. So, before
// the core loads, a stand-in for that one module goes into Node's module cache; it loads the real module on the
// first use of anything but its default export's constructor call, which it forwards. Imported first by main.ts.
import Module from 'node:module';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports -- module-cache plumbing */
function deferAjv(): void {
  let id: string;
  try {
    id = require.resolve('ajv/dist/2020');
  } catch {
    return;
  }
  if (require.cache[id]) return;
  let real: any;
  const load = (): any => {
    if (!real) {
      delete require.cache[id];
      real = require(id);
    }
    return real;
  };
  // `new Ajv2020(options)` in the core becomes `new <module>.default(options)`: answer it without loading until called.
  const LazyAjv = function (this: unknown, ...args: unknown[]) {
    const Real = load().default;
    return new Real(...args);
  } as unknown as new (...args: unknown[]) => unknown;
  const stand = new Module(id, module);
  stand.filename = id;
  stand.loaded = true;
  stand.exports = new Proxy(
    {},
    {
      get: (_t, key) => (key === '__esModule' ? true : key === 'default' ? LazyAjv : load()[key]),
      has: (_t, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_t, key) => {
        const d = Object.getOwnPropertyDescriptor(load(), key);
        return d ? { ...d, configurable: true } : undefined;
      },
    },
  );
  require.cache[id] = stand;
}
/* eslint-enable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */

deferAjv();
