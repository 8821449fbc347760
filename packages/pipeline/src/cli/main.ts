/**
 * Entry point of the `odeflow` bin: runs the CLI on the process's arguments and sets the exit code.
 * @packageDocumentation
 */
import 'reflect-metadata';
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2));
