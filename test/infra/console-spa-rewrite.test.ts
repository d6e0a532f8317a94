import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

/**
 * The console's CloudFront Function, its very source (infra/console/spa-rewrite.js, what the stack
 * deploys), run in Node as CloudFront runs it: a viewer request in, the request to forward out.
 */

const SOURCE = readFileSync(new URL('../../infra/console/spa-rewrite.js', import.meta.url), 'utf8');

type Request = { uri: string; method: string; headers: Record<string, unknown> };
const handler = runInNewContext(`${SOURCE}; handler`) as (event: { request: Request }) => Request;

const viewerRequest = (uri: string) =>
  handler({ request: { uri, method: 'GET', headers: { host: { value: 'console.example' } } } });

describe('the console rewrite', () => {
  it.each(['/', '/approvals', '/auth/callback', '/households/H00000001', '/cycles/2026-12/report'])(
    'serves the app for the route %s',
    (uri) => {
      expect(viewerRequest(uri).uri).toBe('/index.html');
    },
  );

  it.each([
    '/index.html',
    '/config.json',
    '/assets/app-3f9c1a.js',
    '/assets/app-77e0.css',
    '/fonts/NotoSansArabic-Regular.woff2',
    '/favicon.ico',
  ])('passes the file %s unchanged', (uri) => {
    expect(viewerRequest(uri).uri).toBe(uri);
  });

  it.each(['/api', '/api/me', '/api/cycles/2026-12', '/api/no-such-route'])(
    'never rewrites the API path %s, so its own 401, 403 and 404 reach the browser',
    (uri) => {
      expect(viewerRequest(uri).uri).toBe(uri);
    },
  );

  it('keeps the rest of the request as it came', () => {
    const request = viewerRequest('/approvals');

    expect(request).toMatchObject({
      method: 'GET',
      headers: { host: { value: 'console.example' } },
    });
  });

  it('uses only what cloudfront-js-2.0 offers: no require, no import, one handler', () => {
    expect(SOURCE).not.toMatch(/\brequire\(|\bimport\b|\bexport\b/);
    expect(SOURCE.match(/function handler\(/g)).toHaveLength(1);
  });
});
