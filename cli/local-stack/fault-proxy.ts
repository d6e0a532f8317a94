import { randomUUID } from 'node:crypto';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { LocalServerStartError, LocalStackError } from './errors.ts';

/**
 * A loopback HTTP proxy in front of a local server (DynamoDB Local, the SES server, a loopback SNS) that injects
 * the faults a real AWS service shows under load: a share of calls throttled with the service's own
 * throttling error, a share of connections dropped without an answer, and a delay on every call it
 * forwards. The choices come from a seeded generator, so a test that makes the same calls in the
 * same order sees the same faults every run.
 */

/** The faults to inject; each rate is a share of requests, from 0 (never) to 1 (always). */
export interface Faults {
  /** Share of requests answered with the service's throttling error, without forwarding. */
  readonly throttleRate: number;
  /** Share of requests whose connection is destroyed without an answer. */
  readonly dropRate: number;
  /** How long each forwarded request waits before it is forwarded, in milliseconds. */
  readonly delayMs: number;
}

export interface FaultProxyOptions extends Partial<Faults> {
  /** The server to forward to, e.g. DynamoDB Local's endpoint: `http://127.0.0.1:8000`. */
  readonly upstream: string;
  /** Seed of the generator that picks the faulted requests; the same seed, the same choices. */
  readonly seed?: number;
  /**
   * The first this many AWS calls are all throttled, whatever `throttleRate` says: a burst that
   * outlasts the SDK's own retries whatever order concurrent callers arrive in. Default 0.
   */
  readonly throttleFirst?: number;
}

/**
 * What the proxy did so far. Every request is counted once in `requests` and once in exactly one
 * of the others, so `requests === throttled + dropped + forwarded`.
 */
export interface FaultCounts {
  readonly requests: number;
  readonly throttled: number;
  readonly dropped: number;
  readonly forwarded: number;
}

export interface FaultProxy {
  /** The proxy's own URL, to give an SDK client as its `endpoint`. */
  readonly endpoint: string;
  counts(): FaultCounts;
  /** Changes some of the faults from the next request on; `seed` restarts the generator. */
  setFaults(faults: Partial<Faults> & { readonly seed?: number }): void;
  /** Closes the proxy, drops the connections still open and cancels the delayed requests. */
  stop(): Promise<void>;
}

/** An option of the fault proxy is out of range, or its upstream is not an http URL. */
export class FaultProxyOptionsError extends LocalStackError {
  override readonly name: string = 'FaultProxyOptionsError';
}

/** The seed when none is given: runs are repeatable by default. */
const DEFAULT_SEED = 0x5eed;

/**
 * Starts a fault proxy on a free loopback port in front of `upstream`. Requests that are not AWS
 * API calls (the SES server's `/store` inbox, its web page) pass through untouched and are counted
 * as forwarded, so a test can read the inbox through the same endpoint.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = parseUpstream(options.upstream);
  let faults = checkedFaults({
    throttleRate: options.throttleRate ?? 0,
    dropRate: options.dropRate ?? 0,
    delayMs: options.delayMs ?? 0,
  });
  let random = seededRandom(checkedSeed(options.seed ?? DEFAULT_SEED));
  let burstLeft = checkedBurst(options.throttleFirst ?? 0);
  const counts = { requests: 0, throttled: 0, dropped: 0, forwarded: 0 };
  const delayed = new Set<NodeJS.Timeout>();
  // Its own agent, so that stop() can close the upstream connections it kept alive.
  const agent = new Agent({ keepAlive: true });

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    counts.forwarded += 1;
    const upstreamRequest = httpRequest(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: forwardedHeaders(req.headers, upstream.host, body.length),
        agent,
      },
      (upstreamResponse) => {
        res.writeHead(
          upstreamResponse.statusCode ?? 502,
          upstreamResponse.statusMessage,
          withoutHopByHop(upstreamResponse.headers),
        );
        upstreamResponse.pipe(res);
        upstreamResponse.once('error', () => res.destroy());
      },
    );
    upstreamRequest.once('error', (error) => {
      // The upstream is gone or broke off: say so when nothing was sent yet, else cut the answer.
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`fault proxy: ${upstream.origin} failed: ${error.message}`);
    });
    upstreamRequest.end(body);
  };

  const server = createServer((req, res) => {
    counts.requests += 1;
    // Both draws are made for every request, so changing one rate never shifts the other's choices.
    const dropDraw = random();
    const throttleDraw = random();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('error', () => res.destroy());
    req.once('end', () => {
      const body = Buffer.concat(chunks);
      const service = awsServiceOf(req.headers, body);
      if (service !== undefined && dropDraw < faults.dropRate) {
        counts.dropped += 1;
        req.socket.destroy();
        return;
      }
      const inBurst = service !== undefined && burstLeft > 0;
      if (inBurst) burstLeft -= 1;
      if (service !== undefined && (inBurst || throttleDraw < faults.throttleRate)) {
        counts.throttled += 1;
        answerThrottled(res, service);
        return;
      }
      if (service === undefined || faults.delayMs === 0) {
        forward(req, res, body);
        return;
      }
      const timer = setTimeout(() => {
        delayed.delete(timer);
        forward(req, res, body);
      }, faults.delayMs);
      delayed.add(timer);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) {
    server.close();
    agent.destroy();
    throw new LocalServerStartError('the fault proxy did not report its port');
  }

  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    counts: () => ({ ...counts }),
    setFaults: ({ seed, ...changes }) => {
      faults = checkedFaults({ ...faults, ...changes });
      if (seed !== undefined) random = seededRandom(checkedSeed(seed));
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const timer of delayed) clearTimeout(timer);
        delayed.clear();
        server.closeAllConnections();
        server.close(() => {
          agent.destroy();
          resolve();
        });
      }),
  };
}

type AwsService = 'dynamodb' | 'ses' | 'sns';

/**
 * Which AWS API a request calls: DynamoDB speaks JSON 1.0 and names its operation in
 * `X-Amz-Target: DynamoDB_20120810.<Operation>`; SES (v1) and SNS speak the query protocol, a
 * form-encoded body with `Action=<Operation>` (SNS's is `Publish`). Anything else is not an API call.
 */
function awsServiceOf(headers: IncomingHttpHeaders, body: Buffer): AwsService | undefined {
  const target = headers['x-amz-target'];
  if (typeof target === 'string' && target.startsWith('DynamoDB_')) return 'dynamodb';
  const contentType = headers['content-type'] ?? '';
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const action = new URLSearchParams(body.toString('utf8')).get('Action');
    if (action === 'Publish') return 'sns';
    if (action !== null) return 'ses';
  }
  return undefined;
}

/** The answer each service gives when it throttles a call: HTTP 400 with its own error shape. */
function answerThrottled(res: ServerResponse, service: AwsService): void {
  const requestId = randomUUID();
  if (service === 'dynamodb') {
    res.writeHead(400, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': requestId,
    });
    res.end(
      JSON.stringify({
        __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
        message: 'Rate of requests exceeds the allowed throughput.',
      }),
    );
    return;
  }
  const [namespace, code, message] =
    service === 'sns'
      ? ['http://sns.amazonaws.com/doc/2010-03-31/', 'Throttled', 'Rate exceeded']
      : [
          'http://ses.amazonaws.com/doc/2010-12-01/',
          'Throttling',
          'Maximum sending rate exceeded.',
        ];
  res.writeHead(400, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
  res.end(
    `<ErrorResponse xmlns="${namespace}"><Error><Type>Sender</Type>` +
      `<Code>${code}</Code><Message>${message}</Message></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`,
  );
}

/** Headers that describe one connection, not the message; each hop sets its own. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
  );
}

/**
 * The request's headers for the upstream: its own `host`, and the length of the body as read
 * (the body is sent whole, never chunked). The SDK's signature covers `host`, but the local
 * servers do not check signatures.
 */
function forwardedHeaders(
  headers: IncomingHttpHeaders,
  host: string,
  length: number,
): IncomingHttpHeaders {
  return { ...withoutHopByHop(headers), host, 'content-length': String(length) };
}

function parseUpstream(upstream: string): URL {
  let url: URL;
  try {
    url = new URL(upstream);
  } catch (error) {
    throw new FaultProxyOptionsError(`the fault proxy's upstream is not a URL: ${upstream}`, {
      cause: error,
    });
  }
  if (url.protocol !== 'http:') {
    throw new FaultProxyOptionsError(
      `the fault proxy forwards to http only, not ${url.protocol} (${upstream})`,
    );
  }
  return url;
}

function checkedFaults(faults: Faults): Faults {
  for (const name of ['throttleRate', 'dropRate'] as const) {
    const rate = faults[name];
    if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
      throw new FaultProxyOptionsError(`${name} must be between 0 and 1, not ${rate}`);
    }
  }
  if (!Number.isFinite(faults.delayMs) || faults.delayMs < 0) {
    throw new FaultProxyOptionsError(`delayMs must be 0 or more, not ${faults.delayMs}`);
  }
  return faults;
}

function checkedBurst(calls: number): number {
  if (!Number.isSafeInteger(calls) || calls < 0) {
    throw new FaultProxyOptionsError(`throttleFirst must be a whole number of calls, not ${calls}`);
  }
  return calls;
}

function checkedSeed(seed: number): number {
  if (!Number.isSafeInteger(seed)) {
    throw new FaultProxyOptionsError(`seed must be an integer, not ${seed}`);
  }
  return seed;
}

/** mulberry32: a small, fast 32-bit generator, good enough to pick faults; [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
