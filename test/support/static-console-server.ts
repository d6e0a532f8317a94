import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { consoleContentSecurityPolicy } from '../../shared/ops-api/security-headers.ts';

/**
 * The console's built files on loopback, as CloudFront serves them from the bucket: the files, a
 * `/config.json` beside them, `index.html` for the single-page app's routes, and the console's
 * Content-Security-Policy on every answer. No API behind it.
 */

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

export interface StaticConsoleServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `dir` on a free loopback port, with `config` as `/config.json`, under the policy the stack
 * sets in front of the console (its sign-in host from `config`).
 */
export async function serveConsoleFiles(
  dir: string,
  config: { readonly cognitoDomain: string },
): Promise<StaticConsoleServer> {
  const policy = consoleContentSecurityPolicy(config.cognitoDomain);
  const server = createServer(async (request, response) => {
    const path = normalize(new URL(request.url ?? '/', 'http://localhost').pathname);
    response.setHeader('Content-Security-Policy', policy);
    if (path === '/config.json') {
      response.writeHead(200, { 'Content-Type': TYPES['.json'] }).end(JSON.stringify(config));
      return;
    }
    const file = extname(path) === '' ? '/index.html' : path;
    try {
      const body = await readFile(join(dir, file));
      response.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
