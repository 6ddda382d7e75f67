#!/usr/bin/env node
'use strict';
// A closed pipe (`flopcheck check ... | head`) is not an error worth a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
require('../dist/src/cli/main.js').main(process.argv);
