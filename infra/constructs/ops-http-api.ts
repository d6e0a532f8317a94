import { Duration, Fn, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  CfnManagedLoginBranding,
  type IUserPool,
  ManagedLoginVersion,
  OAuthScope,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * The ops API's front door: the user pool's two app clients (the console and the CLI), its
 * sign-in domain (Cognito's managed login), and an HTTP API whose every route under `/api` goes to
 * the ops API function through a JWT authorizer that accepts only those clients' access tokens.
 * One `$default` stage, throttled, its access log naming the request, the address and the
 * caller's subject.
 */

/** Where the `dafaa` CLI listens for the sign-in's redirect (loopback, as `aws sso login` does). */
export const CLI_CALLBACK_URL = 'http://127.0.0.1:53682/callback';

/** The `$default` stage's throttle: requests a second across the API, and the burst above it. */
export const OPS_API_THROTTLE = { rateLimit: 20, burstLimit: 40 } as const;

export interface OpsHttpApiProps {
  readonly userPool: IUserPool;
  readonly handler: IFunction;
  /** Cognito's prefix domain for the managed login: `<prefix>.auth.<region>.amazoncognito.com`. */
  readonly cognitoDomainPrefix: string;
  /** The console's origin (`https://<its domain>`): its sign-in callback is there. */
  readonly consoleOrigin: string;
  /**
   * The one origin CORS allows, when the console has a domain of its own (`https://<consoleDomain>`);
   * absent (dev), no CORS at all: the console and the API share CloudFront's origin.
   */
  readonly corsOrigin: string | undefined;
}

export class OpsHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly consoleClient: UserPoolClient;
  readonly cliClient: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: OpsHttpApiProps) {
    super(scope, id);
    const { userPool } = props;
    const consoleCallback = `${props.consoleOrigin}/auth/callback`;
    this.consoleClient = this.appClient('ConsoleClient', userPool, [consoleCallback]);
    this.cliClient = this.appClient('CliClient', userPool, [CLI_CALLBACK_URL]);
    this.domain = new UserPoolDomain(this, 'SignInDomain', {
      userPool,
      cognitoDomain: { domainPrefix: props.cognitoDomainPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // Managed login shows a client's sign-in page only once the client has a style: Cognito's own.
    for (const [brandingId, client] of [
      ['ConsoleLoginBranding', this.consoleClient],
      ['CliLoginBranding', this.cliClient],
    ] as const) {
      new CfnManagedLoginBranding(this, brandingId, {
        userPoolId: userPool.userPoolId,
        clientId: client.userPoolClientId,
        useCognitoProvidedValues: true,
      });
    }

    const { region } = Stack.of(this);
    const authorizer = new HttpJwtAuthorizer(
      'CognitoAccessToken',
      Fn.join('', ['https://cognito-idp.', region, '.amazonaws.com/', userPool.userPoolId]),
      {
        // Cognito's access tokens carry no `aud`: API Gateway then checks `client_id` against these.
        jwtAudience: [this.consoleClient.userPoolClientId, this.cliClient.userPoolClientId],
        identitySource: ['$request.header.Authorization'],
      },
    );
    this.api = new HttpApi(this, 'Api', {
      description: 'dafaa ops API: every ops action, for signed-in ops staff',
      createDefaultStage: false,
      disableExecuteApiEndpoint: false,
      ...(props.corsOrigin === undefined
        ? {}
        : {
            corsPreflight: {
              allowOrigins: [props.corsOrigin],
              allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
              allowHeaders: ['authorization', 'content-type'],
              maxAge: Duration.hours(1),
            },
          }),
    });
    const integration = new HttpLambdaIntegration('OpsApiFunction', props.handler);
    // Every path under /api, and /api itself, reaches the function (which answers 404 for a path
    // it does not know, after the 401); nothing outside /api is routed. GET and POST, the methods
    // the API answers, not ANY: ANY would match a CORS preflight (OPTIONS) and send it to the
    // authorizer, which refuses it; without an OPTIONS route API Gateway answers the preflight.
    for (const path of ['/api', '/api/{proxy+}']) {
      this.api.addRoutes({
        path,
        methods: [HttpMethod.GET, HttpMethod.POST],
        integration,
        authorizer,
      });
    }

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: OPS_API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            sub: '$context.authorizer.claims.sub',
            clientId: '$context.authorizer.claims.client_id',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
  }

  /** The managed login's host name, `<prefix>.auth.<region>.amazoncognito.com` (no scheme). */
  get cognitoDomainName(): string {
    return `${this.domain.domainName}.auth.${Stack.of(this).region}.amazoncognito.com`;
  }

  /** The API's address: the `$default` stage's URL, with no stage in the path. */
  get url(): string {
    return this.stage.url;
  }

  /**
   * A public app client (no secret: a browser and a CLI cannot keep one) signing in through the
   * managed login with the authorization code grant and PKCE, scope openid only; access tokens of
   * an hour, refresh tokens of 12 hours (a working day), revocable; no direct password flow.
   */
  private appClient(id: string, userPool: IUserPool, callbackUrls: string[]): UserPoolClient {
    return new UserPoolClient(this, id, {
      userPool,
      generateSecret: false,
      // Only refreshing: signing in is the managed login's (SRP and password flows stay off).
      authFlows: { userSrp: false },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID],
        callbackUrls,
        logoutUrls: callbackUrls.map((url) => url.replace(/\/(auth\/)?callback$/, '/')),
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
  }
}
