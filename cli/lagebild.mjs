#!/usr/bin/env node
// Entry point of `npx lagebild`: the sources are TypeScript, run through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
