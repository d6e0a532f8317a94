import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';

/**
 * How every Lambda is bundled: one definition, used by the CDK construct (infra/constructs/
 * dafaa-function.ts) and by `npm run bundle:report`, which measures each bundle against its floor
 * built the same way. Figures behind each choice: docs/performance.md, "Bundles and cold starts".
 */
export const LAMBDA_BUNDLING = {
  // ESM, and each package's ESM build first: esbuild then drops what a function does not call
  // (190–270 KiB of AWS SDK per function, measured).
  format: 'esm',
  mainFields: ['module', 'main'],
  target: 'node24',
  minify: true,
  // No source maps: with --enable-source-maps the first error's stack cost 108–162 ms to map.
  sourcemap: false,
  // The Arabic templates as UTF-8, not \uXXXX escapes.
  charset: 'utf8',
  // A CommonJS dependency's require() of a Node built-in still works in the ESM bundle.
  banner:
    "import { createRequire as __dafaaCreateRequire } from 'node:module'; const require = __dafaaCreateRequire(import.meta.url);",
  // The X-Ray SDK without what Powertools' Tracer never calls in our functions (the SDK v2 and http
  // patchers, semver, the EC2/ECS plugins): 121 -> 84 KiB of tracing per bundle, measured
  // (docs/performance.md, "Powertools").
  alias: { 'aws-xray-sdk-core': join(import.meta.dirname, 'bundling', 'xray-sdk-lambda.cjs') },
} as const;

/** The same, as esbuild's own options: for a bundle made outside the CDK (bundle:report, tests). */
export const LAMBDA_ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: LAMBDA_BUNDLING.format,
  mainFields: [...LAMBDA_BUNDLING.mainFields],
  target: LAMBDA_BUNDLING.target,
  minify: LAMBDA_BUNDLING.minify,
  sourcemap: LAMBDA_BUNDLING.sourcemap,
  charset: LAMBDA_BUNDLING.charset,
  banner: { js: LAMBDA_BUNDLING.banner },
  alias: { ...LAMBDA_BUNDLING.alias },
} satisfies BuildOptions;
