#!/usr/bin/env node
'use strict';
// A CLI run is short: compile the WASM core with V8's baseline compiler only. Tiering up
// to the optimising compiler costs more than it saves in one run (measured: the first
// generate() ~230 ms → ~40 ms; the whole run about half). Set before the core loads.
require('node:v8').setFlagsFromString('--liftoff-only');
require('../lib/cli.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
