import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_CALLBACK_URL, OPS_API_THROTTLE } from '../../infra/constructs/ops-http-api.ts';
import { ROLES } from '../../shared/ops-api/roles.ts';
import { type SynthesizedStacks, synthesize } from './synthesized.ts';

/**
 * The ops API's front door as synthesized: who may sign in and how (the user pool, its groups and
 * app clients), and how a request reaches the function (every route behind the JWT authorizer for
 * those clients, a throttled stage that logs who called).
 */

let stacks: SynthesizedStacks;
beforeAll(() => {
  stacks = synthesize();
});

const resourcesOf = (template: SynthesizedStacks['statelessTemplate'], type: string) =>
  Object.values(template.findResources(type)) as { Properties: Record<string, unknown> }[];

describe('the ops user pool', () => {
  it('lets no one sign up, requires TOTP, long passwords and threat protection, and is kept', () => {
    stacks.statefulTemplate.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
        AccountRecoverySetting: {
          RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }],
        },
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        DeletionProtection: 'ACTIVE',
      }),
    });
  });

  it('has one group per role of the API', () => {
    const groups = resourcesOf(stacks.statefulTemplate, 'AWS::Cognito::UserPoolGroup').map(
      (group) => group.Properties.GroupName,
    );

    expect(groups.sort()).toEqual([...ROLES].sort());
  });
});

describe("the ops API's app clients", () => {
  it('are public, sign in with the code grant only, for an hour, refreshed for a working day', () => {
    const clients = resourcesOf(stacks.statelessTemplate, 'AWS::Cognito::UserPoolClient');

    expect(clients).toHaveLength(2);
    for (const { Properties } of clients) {
      expect(Properties).toMatchObject({
        GenerateSecret: false,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid'],
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        SupportedIdentityProviders: ['COGNITO'],
        AccessTokenValidity: 60,
        RefreshTokenValidity: 720,
        TokenValidityUnits: expect.objectContaining({
          AccessToken: 'minutes',
          RefreshToken: 'minutes',
        }),
        EnableTokenRevocation: true,
        PreventUserExistenceErrors: 'ENABLED',
      });
    }
    // The console signs in on its distribution's domain (dev: CloudFront's own name).
    const distribution = Object.keys(
      stacks.statelessTemplate.findResources('AWS::CloudFront::Distribution'),
    )[0];
    expect(clients.map(({ Properties }) => Properties.CallbackURLs)).toEqual(
      expect.arrayContaining([
        [CLI_CALLBACK_URL],
        [
          {
            'Fn::Join': [
              '',
              ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }, '/auth/callback'],
            ],
          },
        ],
      ]),
    );
  });

  it('are named in the outputs the CLI signs in with: the API, the CLI client, the sign-in host', () => {
    const outputs = stacks.statelessTemplate.toJSON().Outputs as Record<string, { Value: unknown }>;

    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'UserPoolId',
        'ConsoleClientId',
        'CliClientId',
        'CognitoDomain',
      ]),
    );
    // A host name, not a URL: the CLI and the console put https:// in front of it.
    expect(JSON.stringify(outputs.CognitoDomain?.Value)).toMatch(
      /\.auth\.me-central-1\.amazoncognito\.com"/,
    );
    expect(JSON.stringify(outputs.CognitoDomain?.Value)).not.toContain('https://');
  });

  it('each have a managed login style, on a managed login domain', () => {
    stacks.statelessTemplate.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 2);
    stacks.statelessTemplate.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      ManagedLoginVersion: 2,
    });
  });
});

describe('the HTTP API', () => {
  it('routes every path under /api, and only those, each through the JWT authorizer', () => {
    const routes = resourcesOf(stacks.statelessTemplate, 'AWS::ApiGatewayV2::Route');

    expect(routes.map(({ Properties }) => Properties.RouteKey).sort()).toEqual([
      'GET /api',
      'GET /api/{proxy+}',
      'POST /api',
      'POST /api/{proxy+}',
    ]);
    for (const { Properties } of routes) {
      expect(Properties).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: expect.anything(),
        Target: expect.anything(),
      });
    }
  });

  it("accepts the pool's access tokens for the two app clients", () => {
    const [consoleClient, cliClient] = ['ConsoleClient', 'CliClient'].map((id) =>
      Object.keys(stacks.statelessTemplate.findResources('AWS::Cognito::UserPoolClient')).find(
        (logicalId) => logicalId.includes(id),
      ),
    );

    stacks.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: consoleClient }, { Ref: cliClient }],
        Issuer: {
          'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('^https://cognito-idp\\.')])],
        },
      },
    });
  });

  it('hands the function payload 2.0 events', () => {
    stacks.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
  });

  it('throttles its one stage and logs each request with its id, address and caller', () => {
    const [stage] = resourcesOf(stacks.statelessTemplate, 'AWS::ApiGatewayV2::Stage');
    if (!stage) throw new Error('the HTTP API has no stage');

    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: OPS_API_THROTTLE.rateLimit,
        ThrottlingBurstLimit: OPS_API_THROTTLE.burstLimit,
      },
    });
    const format = JSON.parse(
      String((stage.Properties.AccessLogSettings as { Format: string }).Format),
    ) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      sourceIp: '$context.identity.sourceIp',
      sub: '$context.authorizer.claims.sub',
    });
    stacks.statelessTemplate.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 365,
    });
  });

  it('sends no CORS headers in dev without a console domain', () => {
    stacks.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.absent(),
    });
  });
});

describe('the ops API function', () => {
  it('is given the pool and both clients it verifies tokens for, and the approval thresholds', () => {
    stacks.statelessTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          USER_POOL_ID: Match.anyValue(),
          USER_POOL_CLIENT_IDS: {
            'Fn::Join': ['', [{ Ref: Match.anyValue() }, ',', { Ref: Match.anyValue() }]],
          },
          STATE_MACHINE_ARN: Match.anyValue(),
          NOTIFY_QUEUE_URL: Match.anyValue(),
          AUDIT_TABLE: Match.anyValue(),
        }),
      },
      Timeout: 29,
    });
  });
});
