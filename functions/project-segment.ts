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

export async function handleProjectSegment(
  deps: ProjectDeps,
  event: unknown,
): Promise<SegmentProjection> {
  const input = parseEvent(projectSegmentInputSchema, event, 'the project-segment input');
  const projection = await projectSegment(deps, input);
  // Keys on the line, not appended: a local run projects the map's segments at once in one process.
  const { households, totalHalalas } = projection;
  logger.info('segment projected', {
    cycle: input.cycle,
    segment: input.segment,
    households,
    totalHalalas,
  });
  return projection;
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
