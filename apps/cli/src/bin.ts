#!/usr/bin/env node
import { runCli } from './program';

const code = await runCli(process.argv);
process.exitCode = code;
// Everything is closed by now; if a stray handle kept the process alive, end it anyway.
setTimeout(() => process.exit(code), 1000).unref();
