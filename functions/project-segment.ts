import middy from '@middy/core';
import { z } from 'zod';
import { cycleIdSchema } from '../shared/calendar/calendar-date.ts';
import { projectSegment, type SegmentProjection } from '../shared/cycles/project-cycle.ts';
import { type ProjectDeps, parseEvent, projectDepsFromEnvironment } from './aws-cycle-deps.ts';

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

let deps: ProjectDeps | undefined;
/** Clients are made once per container, on the first invocation. */
const depsFromEnvironment = () => (deps ??= projectDepsFromEnvironment(process.env));

export const handler = createProjectSegmentHandler(depsFromEnvironment);
