import { secureHeaders } from 'hono/secure-headers';

/**
 * The console's security headers, one policy for both places: CloudFront's response headers policy
 * in AWS (infra) holds the same values, and the local server sends these. Everything the console
 * loads is its own (no CDN, no inline script or style); it may not be framed.
 */
export const CONSOLE_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
};

export const consoleSecurityHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: CONSOLE_CSP,
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: 'max-age=63072000; includeSubDomains; preload',
  });

/**
 * The console's Content-Security-Policy header as CloudFront sends it: CONSOLE_CSP, and the
 * user pool's sign-in host, which the console leaves for (form-action) and exchanges the sign-in's
 * code with (connect-src).
 */
export function consoleContentSecurityPolicy(cognitoDomainName: string): string {
  const cognito = `https://${cognitoDomainName}`;
  const directives: Record<string, readonly string[]> = {
    ...CONSOLE_CSP,
    connectSrc: [...CONSOLE_CSP.connectSrc, cognito],
    formAction: [...CONSOLE_CSP.formAction, cognito],
  };
  return Object.entries(directives)
    .map(
      ([name, sources]) =>
        `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${sources.join(' ')}`,
    )
    .join('; ');
}
