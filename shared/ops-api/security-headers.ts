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
