import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DeploymentContextError } from '../../infra/build-app.ts';
import { synthesize } from './synthesized.ts';

/**
 * cdk.json's notifier identities are placeholders: `dev` synthesizes with them, any other stage
 * refuses to, saying which context keys to set.
 */

const REAL = {
  smsSenderId: 'DafaaGov',
  emailDomain: 'notify.dafaa.gov.sa',
  emailFrom: 'no-reply@notify.dafaa.gov.sa',
  consoleDomain: 'console.dafaa.gov.sa',
  consoleCertificateArn:
    'arn:aws:acm:us-east-1:111122223333:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
};

describe('a stage other than dev', () => {
  it('refuses the placeholder sender id and email domain, naming the keys to set', () => {
    const synthesizing = () => synthesize({ stage: 'prod' });

    expect(synthesizing).toThrow(DeploymentContextError);
    expect(synthesizing).toThrow(
      /stage prod .* placeholder smsSenderId, emailDomain, emailFrom: set -c smsSenderId=\.\.\. -c emailDomain=\.\.\. -c emailFrom=\.\.\./,
    );
  });

  it('refuses any one placeholder left', () => {
    expect(() => synthesize({ stage: 'prod', ...REAL, smsSenderId: 'CitizenAcc' })).toThrow(
      /placeholder smsSenderId: set -c smsSenderId=/,
    );
    expect(() => synthesize({ stage: 'staging', smsSenderId: REAL.smsSenderId })).toThrow(
      /placeholder emailDomain, emailFrom/,
    );
  });

  it("refuses to synthesize without the console's domain, naming the key", () => {
    const { consoleDomain: _none, consoleCertificateArn: _neither, ...withoutConsole } = REAL;

    expect(() => synthesize({ stage: 'prod', ...withoutConsole })).toThrow(
      /stage prod needs the console's domain: set -c consoleDomain=/,
    );
  });

  it('refuses a console domain without its certificate from us-east-1', () => {
    const { consoleCertificateArn: _none, ...withoutCertificate } = REAL;

    expect(() => synthesize({ stage: 'prod', ...withoutCertificate })).toThrow(
      /console's domain console\.dafaa\.gov\.sa needs its certificate: set -c consoleCertificateArn=/,
    );
    expect(() =>
      synthesize({
        stage: 'prod',
        ...REAL,
        consoleCertificateArn: REAL.consoleCertificateArn.replace('us-east-1', 'me-central-1'),
      }),
    ).toThrow(/from us-east-1 only/);
  });

  it('serves the console on its domain with its certificate, TLS 1.2 at least', () => {
    const { statelessTemplate } = synthesize({ stage: 'prod', ...REAL });

    statelessTemplate.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['console.dafaa.gov.sa'],
        ViewerCertificate: Match.objectLike({
          AcmCertificateArn: REAL.consoleCertificateArn,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        }),
      }),
    });
  });

  it('refuses a console domain that is not a host name', () => {
    expect(() =>
      synthesize({ stage: 'prod', ...REAL, consoleDomain: 'https://console.dafaa.gov.sa/' }),
    ).toThrow(/consoleDomain must be a host name/);
  });

  it("allows CORS from the console's origin only, and signs the console in there", () => {
    const { statelessTemplate } = synthesize({ stage: 'prod', ...REAL });

    statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://console.dafaa.gov.sa'] }),
    });
    statelessTemplate.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://console.dafaa.gov.sa/auth/callback'],
    });
  });

  it('synthesizes with identities of its own, which the notifier sends with', () => {
    const { statelessTemplate } = synthesize({ stage: 'prod', ...REAL });

    statelessTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          SMS_SENDER_ID: REAL.smsSenderId,
          EMAIL_FROM: REAL.emailFrom,
        }),
      },
    });
  });
});

describe('any stage', () => {
  it('synthesizes dev with the placeholders', () => {
    expect(() => synthesize({ stage: 'dev' })).not.toThrow();
  });

  it('sends no CORS headers in dev without a console domain: the console shares the API origin', () => {
    const { statelessTemplate } = synthesize({ stage: 'dev' });

    statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.absent(),
    });
  });

  it('refuses a sender address that is not on the email domain', () => {
    expect(() => synthesize({ stage: 'dev', emailFrom: 'no-reply@elsewhere.example' })).toThrow(
      /emailFrom \(no-reply@elsewhere\.example\) must be an address on emailDomain/,
    );
  });
});
