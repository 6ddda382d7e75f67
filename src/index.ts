// Public API of the flopcheck package: the pure engine, plus the loaders of the built-in rules and tables (src/io).
export * from './core';
export { loadBuiltinRules, loadReference, loadRulesFrom } from './io/load';
// Explanation messages are ids with data in the core; these word them as every report does.
export { messageText, textOf } from './render/messages';
