import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DockerImage, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  Function as ViewerFunction,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { consoleContentSecurityPolicy } from '../../shared/ops-api/security-headers.ts';
import { accessLogBucket } from './access-log-bucket.ts';
import { arnPartsAsFound, attributeAsFound, defaultPolicyOf } from './nag-findings.ts';

/**
 * The web console on its own origin: its files in a private bucket that only the distribution may
 * read (origin access control), CloudFront in front with the console's security headers, its
 * single-page routes rewritten to /index.html by a viewer-request function, and `/api/*` passed
 * uncached to the HTTP API, so that the console and the API share one origin (no CORS). The files
 * come from `cli/console-build.ts`, built while the app synthesizes (as the Lambdas are bundled),
 * with a `config.json` naming the user pool's sign-in for this deployment.
 */

const REPOSITORY_ROOT = join(import.meta.dirname, '..', '..');

export interface ConsoleHostingProps {
  /** The HTTP API's host name: `<api id>.execute-api.<region>.amazonaws.com`. */
  readonly apiDomainName: string;
  /** The sign-in host (`<prefix>.auth.<region>.amazoncognito.com`) and the console's app client. */
  readonly cognitoDomainName: string;
  readonly consoleClientId: string;
  /** The console's own domain and its certificate (us-east-1); absent, CloudFront's domain. */
  readonly customDomain:
    | { readonly domainName: string; readonly certificate: ICertificate }
    | undefined;
}

export class ConsoleHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<the console's domain>`. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    // CloudFront's standard logs are written with an ACL (the bucket is owner-preferred).
    const accessLogs = accessLogBucket(this, 'AccessLogs');
    Validations.of(accessLogs.node.defaultChild ?? accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'The access-log bucket of the console and its distribution does not log to itself.',
    });
    // The console's files: built, public in effect (anyone may load the sign-in page), but read
    // only through CloudFront. No data: replaced on every deployment, removed with the stack.
    this.bucket = new Bucket(this, 'Files', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'console-files/',
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'dafaa console: CSP (self and the sign-in host), HSTS two years, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: consoleContentSecurityPolicy(props.cognitoDomainName),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    const rewrite = new ViewerFunction(this, 'SpaRewrite', {
      comment: 'dafaa console: single-page routes to /index.html (never /api)',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromFile({
        filePath: join(REPOSITORY_ROOT, 'infra', 'console', 'spa-rewrite.js'),
      }),
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'dafaa ops console and its API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      ...(props.customDomain
        ? {
            domainNames: [props.customDomain.domainName],
            certificate: props.customDomain.certificate,
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      enableLogging: true,
      logBucket: accessLogs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: rewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        // The API: nothing cached, every method, every viewer header but Host (API Gateway's host
        // name is its own) and CloudFront's, the viewer's address among them.
        '/api/*': {
          origin: new HttpOrigin(props.apiDomainName, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
        },
      },
    });
    const domainName = props.customDomain?.domainName ?? this.distribution.distributionDomainName;
    this.origin = `https://${domainName}`;
    if (!props.customDomain) {
      Validations.of(this.distribution.node.defaultChild ?? this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a console domain (dev), the distribution serves on its cloudfront.net name, whose certificate is CloudFront\u2019s: the minimum TLS version can be set only with a certificate of our own, which every other stage must give (consoleCertificateArn).',
      });
    }
    for (const rule of ['AwsSolutions-CFR1', 'AwsSolutions-CFR2']) {
      Validations.of(this.distribution.node.defaultChild ?? this.distribution).acknowledge({
        id: rule,
        reason:
          rule === 'AwsSolutions-CFR1'
            ? 'Ops staff sign in from wherever they work, including abroad on duty; who may act is decided by the user pool (MFA, threat protection), not by country.'
            : 'No WAF in front: every request but the static files needs a token of the user pool, the API is throttled, and the sign-in has Cognito\u2019s threat protection. A WAF is a choice for the account (docs/deploy.md).',
      });
    }

    this.deployFiles(props, domainName);
  }

  /**
   * The built console and its config.json, copied to the bucket at deployment (pruning what the
   * build no longer has), then the distribution's cache invalidated.
   */
  private deployFiles(props: ConsoleHostingProps, domainName: string): void {
    const logGroup = new LogGroup(this, 'DeployFilesLogs', { retention: RetentionDays.ONE_YEAR });
    const role = new Role(this, 'DeployFilesRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: "dafaa: copies the console's files to its bucket and invalidates the cache",
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    const { region } = Stack.of(this);
    const deployment = new BucketDeployment(this, 'DeployFiles', {
      destinationBucket: this.bucket,
      sources: [
        Source.asset(join(REPOSITORY_ROOT, 'console'), {
          // Built here, as the Lambdas are bundled: no Docker, the repository's esbuild.
          bundling: {
            image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
            local: {
              tryBundle(outputDir: string): boolean {
                const built = spawnSync(
                  process.execPath,
                  [join(REPOSITORY_ROOT, 'cli', 'console-build.ts'), outputDir],
                  { cwd: REPOSITORY_ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
                );
                if (built.status !== 0)
                  throw new Error('the console did not build (cli/console-build.ts)');
                return true;
              },
            },
          },
        }),
        Source.jsonData('config.json', {
          auth: 'cognito',
          region,
          userPoolClientId: props.consoleClientId,
          cognitoDomain: props.cognitoDomainName,
          redirectUri: `https://${domainName}/auth/callback`,
        }),
      ],
      exclude: ['.inputs-hash'],
      prune: true,
      retainOnDelete: false,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      role,
      logGroup,
      memoryLimit: 512,
    });
    const policy = defaultPolicyOf(role);
    const { partition, region: regionFound, account } = arnPartsAsFound(this);
    const qualifier = String(
      this.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') ?? 'hnb659fds',
    );
    for (const finding of [
      // What BucketDeployment grants its copier: reading the asset bucket, writing the console's.
      'AwsSolutions-IAM5[Action::s3:GetObject*]',
      'AwsSolutions-IAM5[Action::s3:GetBucket*]',
      'AwsSolutions-IAM5[Action::s3:List*]',
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
      'AwsSolutions-IAM5[Action::s3:Abort*]',
      'AwsSolutions-IAM5[Resource::*]',
      `AwsSolutions-IAM5[Resource::arn:${partition}:s3:::cdk-${qualifier}-assets-${account}-${regionFound}/*]`,
      `AwsSolutions-IAM5[Resource::${attributeAsFound(this.bucket, 'Arn')}/*]`,
    ]) {
      Validations.of(policy).acknowledge({
        id: finding,
        reason:
          'BucketDeployment\u2019s copier: the S3 action families it is granted on the CDK asset bucket and the console\u2019s own bucket only, and CloudFront CreateInvalidation and GetInvalidation, which take no resource ARN here.',
      });
    }
    // The copier is aws-cdk-lib's own (a Python function with the AWS CLI as a layer): its runtime
    // is the library's choice, moved forward with aws-cdk-lib.
    const copier = Stack.of(this).node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (copier && deployment.handlerRole === role) {
      Validations.of(copier.node.defaultChild ?? copier).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          "BucketDeployment's copier runs the runtime aws-cdk-lib chooses for it (Python, with the AWS CLI layer); it is updated with aws-cdk-lib.",
      });
    }
  }
}
