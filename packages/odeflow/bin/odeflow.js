#!/usr/bin/env node
// The odeflow CLI: `odeflow --help`. Built code lives in ../dist (run `npx tsc -b tsconfig.build.json`).
import '../dist/cli/main.js';
