import middy from '@middy/core';
import { z } from 'zod';
import { cycleIdSchema } from '../shared/calendar/calendar-date.ts';
import { projectSegment, type SegmentProjection } from '../shared/cycles/project-cycle.ts';
import { type ProjectDeps, parseEvent, projectDepsFromEnvironment } from './aws-cycle-deps.ts';
import { once } from './once.ts';

/**
 * One item of the projection map, before the approval gate: `{ cycle, segment }` in, what the
 * segment's households would be paid out. Reads only, so the map retries it freely.
 */

const eventSchema = z.object({ cycle: cycleIdSchema, segment: z.int().min(0) });

export function handleProjectSegment(
  deps: ProjectDeps,
  event: unknown,
): Promise<SegmentProjection> {
  return projectSegment(deps, parseEvent(eventSchema, event, 'the project-segment input'));
}

export function createProjectSegmentHandler(deps: () => ProjectDeps) {
  return middy<unknown, SegmentProjection>().handler((event) =>
    handleProjectSegment(deps(), event),
  );
}

/**
 * The composition root: the function's dependencies read from `env` (the variables the stack sets),
 * made on the first invocation and kept for the container's life. The rehearsal composes it on the
 * synthesized environment.
 */
export const handlerFor = (env: NodeJS.ProcessEnv) =>
  createProjectSegmentHandler(once(() => projectDepsFromEnvironment(env)));

export const handler = handlerFor(process.env);
