#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: tsx compiles electron/cli on the fly.
import { register } from 'tsx/esm/api';

register();
const { main } = await import(new URL('../electron/cli/main.ts', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
