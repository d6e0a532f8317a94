#!/usr/bin/env node
// The `dafaa` bin: checks the Node version, then runs the TypeScript CLI on Node's type stripping.
import './require-node.js';

await import('./dafaa.ts');
