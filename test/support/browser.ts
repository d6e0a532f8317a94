import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { ar } from '../../console/i18n/ar.ts';
import { en } from '../../console/i18n/en.ts';

/**
 * Playwright driving Debian's Chromium for the browser suite: finding it, launching it the way this
 * machine needs (as root, no network but loopback), opening the console in a language, and the
 * checks every page gets: direction, axe-core, a screenshot kept under artifacts/screenshots.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(ROOT, 'artifacts', 'screenshots');

/** The console's languages, Arabic first. */
export const CONSOLE_LANGUAGES = ['ar', 'en'] as const;
export type ConsoleLanguage = (typeof CONSOLE_LANGUAGES)[number];

/** The console's own texts, to find what a person reads on the page. */
export const CATALOGS = { ar, en } as const;

const HOW_TO_GET_CHROMIUM =
  'install it with `apt-get install chromium` (Debian), or set DAFAA_CHROMIUM to a Chromium binary';

/** What the suite says, in one line, when it skips for want of a browser. */
export const CHROMIUM_MISSING = `browser tests skipped: no Chromium found; ${HOW_TO_GET_CHROMIUM}`;

/** Why the suite fails in CI (CI=true) without a browser: there, the tests must run. */
export const CHROMIUM_MISSING_IN_CI = `no Chromium found, and CI=true needs the browser tests: ${HOW_TO_GET_CHROMIUM}`;

/** The Chromium to drive: `DAFAA_CHROMIUM`, else Debian's; null when neither exists. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const path = env.DAFAA_CHROMIUM ?? DEFAULT_CHROMIUM;
  return existsSync(path) ? path : null;
}

/**
 * Launches headless Chromium. `--no-sandbox` because tests run as root in CI; the background
 * networking flags keep it from calling Google's hosts, which this machine's network refuses.
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page of the console, and what went wrong in it that no assertion asked about. */
export interface ConsolePage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Uncaught errors and Content Security Policy refusals, as Chromium reported them. */
  readonly problems: string[];
}

/**
 * A fresh browser context (its own storage: nobody signed in) at a laptop's size. With `language`,
 * the console starts in it, as if the user had chosen it before; without, it starts as a first
 * visit does (Arabic).
 */
export async function openConsole(
  browser: Browser,
  baseURL: string,
  options: { readonly language?: ConsoleLanguage; readonly viewport?: 'laptop' | 'tablet' } = {},
): Promise<ConsolePage> {
  const context = await browser.newContext({
    baseURL,
    viewport:
      options.viewport === 'tablet' ? { width: 820, height: 1180 } : { width: 1280, height: 900 },
    timezoneId: 'Asia/Riyadh',
  });
  if (options.language) {
    await context.addInitScript((language) => {
      localStorage.setItem('dafaa.language', language);
    }, options.language);
  }
  // Every wait in these tests is for something the console shows within a second or two.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) {
      problems.push(`CSP: ${message.text()}`);
    }
  });
  return { page, context, problems };
}

/** The document's `dir` attribute and the direction the browser actually lays the body out in. */
export function readDirection(
  page: Page,
): Promise<{ dir: string; lang: string; direction: string }> {
  return page.evaluate(() => ({
    dir: document.documentElement.dir,
    lang: document.documentElement.lang,
    direction: getComputedStyle(document.body).direction,
  }));
}

/** axe-core's WCAG 2.1 A and AA rules on the page: the serious and critical violations, described. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join('; ')}`,
    );
}

/** Saves the whole page, once its fonts have loaded, as artifacts/screenshots/<name>-<language>.png. */
export async function saveScreenshot(
  page: Page,
  name: string,
  language: ConsoleLanguage,
): Promise<string> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}-${language}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Signs a local user in the way a person does: the sign-in page's list of local users, under its
 * "local only" banner, one click on their name. Leaves the page on the console's first page.
 */
export async function signInThroughConsole(
  page: Page,
  username: string,
  language: ConsoleLanguage,
): Promise<void> {
  const { signIn } = CATALOGS[language];
  await page.goto('/sign-in');
  await page.getByText(signIn.localBanner).waitFor();
  await page.getByRole('button', { name: signIn.signInAs(username), exact: true }).click();
  await page.getByRole('navigation', { name: CATALOGS[language].nav.label }).waitFor();
}
