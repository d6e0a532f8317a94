import { DafaaError } from '../errors/dafaa-error.ts';

/** A required environment variable is missing or malformed: the deployment is wrong, say which. */
export class ConfigurationError extends DafaaError {
  override readonly name: string = 'ConfigurationError';
}

/** Reads a required environment variable once, failing fast with its name. */
export function requireEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new ConfigurationError(`the environment variable ${name} is not set`);
  }
  return value;
}
