import type { TestProject } from 'vitest/node';
import { buildConsole } from '../../cli/console-build.ts';
import { CHROMIUM_MISSING, CHROMIUM_MISSING_IN_CI, findChromium } from '../support/browser.ts';

/**
 * Before the browser suite: find Chromium (none: one line saying how to get one, and every test
 * skips; in CI, where `.ci/run` installs it, none is a failure) and build the console once.
 */
export default async function setup(project: TestProject) {
  const chromiumPath = findChromium();
  if (chromiumPath === null) {
    if (process.env.CI === 'true') throw new Error(CHROMIUM_MISSING_IN_CI);
    console.log(CHROMIUM_MISSING);
  }
  project.provide('chromiumPath', chromiumPath);
  project.provide('consoleDir', chromiumPath === null ? '' : (await buildConsole()).outDir);
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Chromium the suite drives, null when none was found. */
    chromiumPath: string | null;
    /** The console's built files (dist/console). */
    consoleDir: string;
  }
}
