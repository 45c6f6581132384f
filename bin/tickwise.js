#!/usr/bin/env node
// The tickwise CLI entry point. TypeScript runs through tsx (no build step): register its loader, then hand over.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
