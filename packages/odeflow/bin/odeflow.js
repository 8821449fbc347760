#!/usr/bin/env node
// The odeflow CLI: `odeflow --help`. It lives in @odeflow/pipeline; build with `pnpm run build`.
import 'reflect-metadata';
import { runCli } from '@odeflow/pipeline/cli';

process.exitCode = await runCli(process.argv.slice(2));
