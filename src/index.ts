// Public API of the flopcheck package: the pure engine, plus the file-system loaders the CLI uses.
export * from './core';
export { loadBuiltinRules, loadReference, loadRulesFrom } from './cli/load';
