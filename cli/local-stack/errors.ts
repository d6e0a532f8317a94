import { DafaaError } from '../../shared/errors/dafaa-error.ts';

/** Base of the errors raised while running the local servers. */
export class LocalStackError extends DafaaError {
  override readonly name: string = 'LocalStackError';
}

/** `java` is missing or too old for DynamoDB Local. The message says how to fix it. */
export class JavaMissingError extends LocalStackError {
  override readonly name: string = 'JavaMissingError';
}

/** A local server did not start or did not answer in time. */
export class LocalServerStartError extends LocalStackError {
  override readonly name: string = 'LocalServerStartError';
}
