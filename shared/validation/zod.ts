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
