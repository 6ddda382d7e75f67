// Public API of the flopcheck package: the pure engine, plus the loaders of the built-in rules and tables (src/io).
export * from './core';
export { loadBuiltinRules, loadReference, loadRulesFrom } from './io/load';
