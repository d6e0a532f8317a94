import middy from '@middy/core';
import {
  type ProjectDeps,
  projectSegment,
  projectSegmentInputSchema,
  type SegmentProjection,
} from '../shared/cycles/project-segment.ts';
import { parseEvent, projectDepsFromEnvironment } from './aws-cycle-deps.ts';
import { logger, observed } from './observability.ts';
import { once } from './once.ts';

/**
 * One item of the projection map, ProjectSegments, before the approval gate: `{ cycle, segment }`
 * in, what the segment's households would be paid out.
 */

export function handleProjectSegment(
  deps: ProjectDeps,
  event: unknown,
): Promise<SegmentProjection> {
  const input = parseEvent(projectSegmentInputSchema, event, 'the project-segment input');
  logger.appendKeys({ cycle: input.cycle, segment: input.segment });
  return projectSegment(deps, input);
}

export function createProjectSegmentHandler(deps: () => ProjectDeps) {
  return observed(
    middy<unknown, SegmentProjection>().handler((event) => handleProjectSegment(deps(), event)),
    { emitsMetrics: false },
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
