/**
 * Moved to shared/cycles/ports.ts. Kept only because shared/cycles/start-due-cycles.ts, which
 * another change owns at the moment, still imports it here: delete once it imports the capability's.
 */
export type { CycleRepository } from '../cycles/ports.ts';
