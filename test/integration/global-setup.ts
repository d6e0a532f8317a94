import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../../cli/local-stack/local-stack.ts';

/** Starts DynamoDB Local and the SES server once for the integration suite, and stops them after. */
export default async function setup(project: TestProject) {
  const stack = await startLocalStack();
  project.provide('dynamodbEndpoint', stack.dynamodb.endpoint);
  project.provide('sesEndpoint', stack.ses.endpoint);
  return () => stack.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    sesEndpoint: string;
  }
}
