import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../../cli/local-stack/local-stack.ts';

/** Starts DynamoDB Local, the SES server and the SQS API once for the integration suite, and stops them after. */
export default async function setup(project: TestProject) {
  const stack = await startLocalStack();
  project.provide('dynamodbEndpoint', stack.dynamodb.endpoint);
  project.provide('sesEndpoint', stack.ses.endpoint);
  project.provide('sqsEndpoint', stack.sqs.endpoint);
  return () => stack.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    sesEndpoint: string;
    sqsEndpoint: string;
  }
}
