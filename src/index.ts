// Public API of the flopcheck package: the pure engine, plus the file-system loaders the CLI uses.
export * from './core';
export { loadBuiltinRules, loadReference, loadRulesFrom } from './cli/load';
// Explanation messages are ids with data in the core; these word them as every report does.
export { messageText } from './render/messages';
export { wordFinding } from './render/report';
