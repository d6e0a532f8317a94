import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  CATALOGS,
  CONSOLE_LANGUAGES,
  launchChromium,
  openConsole,
  readDirection,
  saveScreenshot,
  seriousAccessibilityViolations,
} from '../support/browser.ts';
import { type StaticConsoleServer, serveConsoleFiles } from '../support/static-console-server.ts';

/**
 * The console as deployed in AWS: its built files behind the Content Security Policy, with a
 * `/config.json` naming the Cognito hosted UI. Nothing here needs the API: the shell, the two
 * languages and their directions, the sign-in page, and the start of the PKCE sign-in.
 */

const chromiumPath = inject('chromiumPath');
const COGNITO = {
  auth: 'cognito',
  region: 'me-central-1',
  userPoolClientId: 'test-console-client',
  cognitoDomain: 'dafaa-ops.auth.me-central-1.amazoncognito.com',
  redirectUri: 'https://console.example/auth/callback',
};
const { ar, en } = CATALOGS;

describe.skipIf(chromiumPath === null)('the console shell', () => {
  let browser: Browser;
  let server: StaticConsoleServer;

  beforeAll(async () => {
    [browser, server] = await Promise.all([
      launchChromium(chromiumPath ?? ''),
      serveConsoleFiles(inject('consoleDir'), COGNITO),
    ]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  it('is an index.html with nothing inline, naming hashed script and style files', async () => {
    // Act
    const html = await (await fetch(server.url)).text();

    // Assert
    expect(html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(html).toMatch(/<script type="module" src="\/main-[A-Z0-9]{8}\.js"><\/script>/);
    expect(html).toMatch(/<link rel="stylesheet" href="\/main-[A-Z0-9]{8}\.css">/);
    expect(html).not.toMatch(/<script>|<style|style=/);
  });

  for (const language of CONSOLE_LANGUAGES) {
    const direction = language === 'ar' ? 'rtl' : 'ltr';

    it(`lays the sign-in page out ${direction} in ${language}, accessible, within the CSP`, async () => {
      // Arrange
      const { page, context, problems } = await openConsole(browser, server.url, { language });

      // Act
      await page.goto('/sign-in');
      await page.getByRole('button', { name: CATALOGS[language].signIn.cognito }).waitFor();

      // Assert
      expect(await readDirection(page)).toEqual({ dir: direction, lang: language, direction });
      await expect(page.title()).resolves.toBe(CATALOGS[language].app.title);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await saveScreenshot(page, 'sign-in', language);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('switches from Arabic to English in one click, and keeps English after a reload', async () => {
    // Arrange
    const { page, context } = await openConsole(browser, server.url);
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: ar.signIn.title }).waitFor();
    expect((await readDirection(page)).direction).toBe('rtl');

    // Act
    await page.getByRole('button', { name: ar.app.otherLanguage }).click();
    await page.getByRole('heading', { name: en.signIn.title }).waitFor();
    const switched = await readDirection(page);
    await page.reload();
    await page.getByRole('heading', { name: en.signIn.title }).waitFor();

    // Assert
    expect(switched).toEqual({ dir: 'ltr', lang: 'en', direction: 'ltr' });
    expect(await readDirection(page)).toEqual(switched);
    await context.close();
  });

  it('sends a visitor who is not signed in from a page to sign-in', async () => {
    // Arrange
    const { page, context } = await openConsole(browser, server.url, { language: 'en' });

    // Act
    await page.goto('/approvals');

    // Assert
    await page.waitForURL('**/sign-in');
    await page.getByRole('heading', { name: en.signIn.title }).waitFor();
    await context.close();
  });

  it('starts the Cognito sign-in as an authorization code request with a PKCE challenge', async () => {
    // Arrange
    const { page, context } = await openConsole(browser, server.url, { language: 'en' });
    await page.goto('/sign-in');
    const authorize = page.waitForRequest(`https://${COGNITO.cognitoDomain}/oauth2/authorize?**`);
    await page.route(`https://${COGNITO.cognitoDomain}/**`, (route) => route.abort());

    // Act
    await page.getByRole('button', { name: en.signIn.cognito }).click();
    const query = new URL((await authorize).url()).searchParams;

    // Assert
    expect(Object.fromEntries(query)).toMatchObject({
      response_type: 'code',
      client_id: COGNITO.userPoolClientId,
      redirect_uri: COGNITO.redirectUri,
      code_challenge_method: 'S256',
    });
    expect(query.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(query.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await context.close();
  });
});
