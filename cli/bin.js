#!/usr/bin/env node
// The `dafaa` bin: the CLI is TypeScript, run through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('./dafaa.ts');
