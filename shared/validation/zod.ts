import { en } from 'zod/locales';
import { config } from 'zod/mini';

/**
 * zod/mini for every schema, with English messages: mini carries no locale until one is configured
 * (the classic import configured English itself). Import as `import * as z from '.../validation/zod.ts'`:
 * a namespace import keeps the bundle to the functions a Lambda uses.
 */
config(en());

export * from 'zod/mini';
export { $ZodError } from 'zod/v4/core';

/**
 * A schema made on first use instead of at module load. Making a zod schema runs every trait's
 * constructor (tens of microseconds a node); a Lambda made them all, hundreds, before its first
 * event (15-40 ms of cold load), whether its path would parse with them or not. Returns a stand-in
 * of the schema's own type that makes the schema the first time any of its properties is read and
 * forwards to it from then on, so the call sites, `z.infer` and nesting in other schemas are
 * unchanged. Mark each call with esbuild's `@__PURE__` comment: esbuild honours it at the call (it
 * does not yet carry `@__NO_SIDE_EFFECTS__` across files), so a bundle that never refers to the
 * schema drops it with all it is made of.
 */
export function onFirstUse<T extends object>(make: () => T): T {
  let made: T | undefined;
  const schema = (): T => {
    made ??= make();
    return made;
  };
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(schema(), key),
    set: (_, key, value) => Reflect.set(schema(), key, value),
    has: (_, key) => Reflect.has(schema(), key),
  });
}
