import type { CycleDefinition } from '../../infra/local/cycle-definition.ts';

/** What the global setups hand the test files (vitest's provide / inject). */
declare module 'vitest' {
  export interface ProvidedContext {
    /** The cycle state machine as synthesized, once per test project (test/infra/synthesize-once.ts). */
    cycleDefinition: CycleDefinition;
  }
}
