import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleContentSecurityPolicy } from '../../shared/ops-api/security-headers.ts';
import { type SynthesizedStacks, synthesize } from './synthesized.ts';

/**
 * The web console as synthesized: a private bucket only the distribution reads, CloudFront with the
 * console's security headers, its routes rewritten by a viewer-request function (never by error
 * responses, which would hide the API's own 403 and 404), and /api/* passed uncached to the HTTP
 * API with the viewer's headers but Host.
 */

let stacks: SynthesizedStacks;
let distribution: Record<string, unknown>;
beforeAll(() => {
  stacks = synthesize();
  const [resource] = Object.values(
    stacks.statelessTemplate.findResources('AWS::CloudFront::Distribution'),
  ) as { Properties: { DistributionConfig: Record<string, unknown> } }[];
  distribution = resource?.Properties.DistributionConfig ?? {};
});

/** AWS's managed CloudFront policies, by the ids AWS documents. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

describe("the console's files", () => {
  it('sit in a private bucket, reached over TLS only, its access logged', () => {
    stacks.statelessTemplate.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'console-files/' }),
    });
    stacks.statelessTemplate.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('are deployed with a config.json, without the build stamp, pruning what the build dropped', () => {
    stacks.statelessTemplate.hasResourceProperties('Custom::CDKBucketDeployment', {
      SourceMarkers: Match.arrayWith([
        Match.objectLike({
          '<<marker:0xbaba:0>>': Match.anyValue(),
        }),
      ]),
      Exclude: ['.inputs-hash'],
      Prune: true,
      RetainOnDelete: false,
      DistributionPaths: ['/*'],
    });
  });
});

describe('the distribution', () => {
  it('reads the bucket through origin access control, and rewrites routes with a function', () => {
    const behavior = distribution.DefaultCacheBehavior as Record<string, unknown>;

    expect(behavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: expect.anything() }],
      ResponseHeadersPolicyId: expect.anything(),
    });
    expect(distribution.Origins).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ OriginAccessControlId: expect.anything() }),
      ]),
    );
    expect(distribution.CustomErrorResponses).toBeUndefined();
    stacks.statelessTemplate.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
      AutoPublish: true,
    });
  });

  it('passes /api/* to the API uncached, every method, the viewer headers but Host', () => {
    expect(distribution.CacheBehaviors).toEqual([
      expect.objectContaining({
        PathPattern: '/api/*',
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      }),
    ]);
    expect(distribution.Origins).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          CustomOriginConfig: expect.objectContaining({
            OriginProtocolPolicy: 'https-only',
            OriginSSLProtocols: ['TLSv1.2'],
          }),
        }),
      ]),
    );
  });

  it('logs every request', () => {
    expect(distribution.Logging).toMatchObject({ Prefix: 'cloudfront/' });
  });

  it("sends the console's security headers: CSP, HSTS for two years, no framing, nosniff, no referrer", () => {
    stacks.statelessTemplate.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: Match.anyValue(), Override: true },
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 63_072_000,
            IncludeSubdomains: true,
            Preload: true,
            Override: true,
          },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        },
      }),
    });
    // The policy's CSP, the sign-in host joined in at deployment.
    const policy = JSON.stringify(
      stacks.statelessTemplate.findResources('AWS::CloudFront::ResponseHeadersPolicy'),
    );
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toMatch(/connect-src 'self' https:\/\/"/);
  });
});

describe("the console's Content-Security-Policy", () => {
  it('is the local server\u2019s, with the sign-in host it exchanges codes with', () => {
    const csp = consoleContentSecurityPolicy('dafaa-prod.auth.me-central-1.amazoncognito.com');

    expect(csp.split('; ')).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "connect-src 'self' https://dafaa-prod.auth.me-central-1.amazoncognito.com",
        "form-action 'self' https://dafaa-prod.auth.me-central-1.amazoncognito.com",
        "object-src 'none'",
      ]),
    );
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });
});
