/**
 * The root of every error dafaa raises on purpose. Each module derives its own base from it
 * (`CalendarError`, ...) so that callers can narrow by module, and the CLI can tell an error it
 * should explain in one line from a bug it should not hide.
 */
export abstract class DafaaError extends Error {
  override readonly name: string = 'DafaaError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
