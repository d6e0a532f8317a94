import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Jwks } from 'aws-jwt-verify/jwk';
import type { Context } from 'hono';
import {
  type APIGatewayProxyResult,
  type ApiGatewayRequestContextV2,
  handle,
  type LambdaContext,
  type LambdaEvent,
} from 'hono/aws-lambda';
import { CognitoTokenVerifier } from '../shared/adapters/cognito/cognito-token-verifier.ts';
import { createDocumentClient } from '../shared/adapters/dynamodb/document-client.ts';
import { opsApiDepsOnTables } from '../shared/adapters/dynamodb/table-context.ts';
import { StepFunctionsCycleStarter } from '../shared/adapters/sfn/step-functions-cycle-starter.ts';
import { SqsNotificationQueue } from '../shared/adapters/sqs/sqs-notification-queue.ts';
import { requireEnv } from '../shared/config/env.ts';
import { opsSettingsFromEnvironment } from '../shared/config/ops-settings.ts';
import { createOpsApp, type OpsApiDeps, type RequestOrigin } from '../shared/ops-api/ops-app.ts';
import { redactPersonalData } from '../shared/privacy/personal-data.ts';
import { captureClient, logger, observed } from './observability.ts';
import { once } from './once.ts';

/**
 * The ops API behind API Gateway (HTTP API, JWT authorizer in front): the same Hono app the local
 * server runs, over the deployment's tables, notify queue and state machine. API Gateway has
 * checked the token already; the app checks it again (the same verifier, the pool's keys), so no
 * route depends on how it is reached. The request id and source address are API Gateway's;
 * behind CloudFront, the viewer's address is the header CloudFront adds.
 */

/** An HTTP API (payload 2.0) event, as hono's adapter reads it. */
type Event = LambdaEvent;
type Result = APIGatewayProxyResult;

export function createOpsApiHandler(deps: () => OpsApiDeps) {
  const lambda = once(() => handle(createOpsApp(deps(), originOf)));
  return observed(
    middy<Event, Result>().handler((event, context) =>
      lambda()(event, context as unknown as LambdaContext),
    ),
    { emitsMetrics: false },
  );
}

/** Where the request came from, as API Gateway saw it. */
function originOf(c: Context): RequestOrigin {
  const { requestContext } = c.env as { requestContext: ApiGatewayRequestContextV2 };
  const viewer = c.req.header('cloudfront-viewer-address');
  return {
    requestId: requestContext.requestId,
    sourceIp: requestContext.http.sourceIp,
    ...(viewer ? { viewerAddress: viewer } : {}),
  };
}

/**
 * The composition root: the deployment's resources from the environment the stack sets. `jwks`, when
 * given, are the keys the pool's tokens are checked with instead of the pool's published ones (the
 * deploy rehearsal signs its tokens for the deployed pool and clients with a local key).
 */
export const handlerFor = (env: NodeJS.ProcessEnv, options: { readonly jwks?: Jwks } = {}) =>
  createOpsApiHandler(once(() => depsFromEnvironment(env, options.jwks)));

export const handler = handlerFor(process.env);

function depsFromEnvironment(env: NodeJS.ProcessEnv, jwks: Jwks | undefined): OpsApiDeps {
  const client = createDocumentClient({}, captureClient);
  const tables = {
    households: requireEnv(env, 'HOUSEHOLDS_TABLE'),
    payments: requireEnv(env, 'PAYMENTS_TABLE'),
    cycles: requireEnv(env, 'CYCLES_TABLE'),
    objections: requireEnv(env, 'OBJECTIONS_TABLE'),
    deliveries: requireEnv(env, 'DELIVERIES_TABLE'),
    suppressions: requireEnv(env, 'SUPPRESSIONS_TABLE'),
    audit: requireEnv(env, 'AUDIT_TABLE'),
  };
  const queue = new SqsNotificationQueue(
    captureClient(new SQSClient({})),
    requireEnv(env, 'NOTIFY_QUEUE_URL'),
  );
  const executions = new StepFunctionsCycleStarter(
    captureClient(new SFNClient({})),
    requireEnv(env, 'STATE_MACHINE_ARN'),
  );
  return {
    ...opsApiDepsOnTables(client, tables, queue, opsSettingsFromEnvironment(env), () => executions),
    // The error's name and message (no personal data reaches an error message on purpose; the
    // privacy module's redaction catches one that does), with the request id the caller was given.
    logUnexpected: (error, requestId) =>
      logger.error('unexpected error', {
        requestId,
        error: error instanceof Error ? error.name : 'unknown',
        cause: redactPersonalData(error instanceof Error ? error.message : String(error)),
      }),
    verifier: new CognitoTokenVerifier({
      userPoolId: requireEnv(env, 'USER_POOL_ID'),
      clientIds: requireEnv(env, 'USER_POOL_CLIENT_IDS').split(','),
      ...(jwks ? { jwks } : {}),
    }),
  };
}
