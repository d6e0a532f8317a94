import { describe, expect, it } from 'vitest';
import { deployedAppFromTemplates } from '../../infra/contract/deployed-policies.ts';
import { UnresolvableIntrinsicError } from '../../infra/contract/errors.ts';
import type { StackTemplate } from '../../infra/contract/intrinsics.ts';

/**
 * The CloudFormation intrinsics resolved for one account and region, and the deterministic physical
 * names every resource gets, on hand-written templates.
 */

const WHERE = { account: '111122223333', region: 'me-central-1' };

function stack(stackName: string, template: Record<string, unknown>): StackTemplate {
  return { stackName, template };
}

/** The resolved property `name` of the resource `logicalId`, in a one-stack app. */
function resolvedProperty(resources: Record<string, unknown>, logicalId: string, name: string) {
  const app = deployedAppFromTemplates([stack('S', { Resources: resources })], WHERE);
  return app.resource(logicalId).properties[name];
}

describe('the intrinsics resolver', () => {
  it('names each resource type deterministically, with the ARNs AWS would give', () => {
    // Arrange
    const app = deployedAppFromTemplates(
      [
        stack('S', {
          Resources: {
            T: { Type: 'AWS::DynamoDB::Table', Properties: {} },
            Q: { Type: 'AWS::SQS::Queue', Properties: {} },
            N: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'alarms' } },
            K: { Type: 'AWS::KMS::Key', Properties: {} },
            F: { Type: 'AWS::Lambda::Function', Properties: {} },
            R: { Type: 'AWS::IAM::Role', Properties: {} },
            M: { Type: 'AWS::StepFunctions::StateMachine', Properties: {} },
            B: { Type: 'AWS::S3::Bucket', Properties: {} },
          },
        }),
      ],
      WHERE,
    );

    // Act
    const arn = (id: string) => app.resource(id).arn;

    // Assert
    expect(arn('T')).toBe('arn:aws:dynamodb:me-central-1:111122223333:table/S-T');
    expect(app.resource('T').attributes.StreamArn).toMatch(/table\/S-T\/stream\/.+$/);
    expect(arn('Q')).toBe('arn:aws:sqs:me-central-1:111122223333:S-Q');
    expect(app.resource('Q').ref).toBe('https://sqs.me-central-1.amazonaws.com/111122223333/S-Q');
    expect(arn('N')).toBe('arn:aws:sns:me-central-1:111122223333:alarms');
    expect(arn('K')).toMatch(/^arn:aws:kms:me-central-1:111122223333:key\/[0-9a-f-]{36}$/);
    expect(arn('F')).toBe('arn:aws:lambda:me-central-1:111122223333:function:S-F');
    expect(arn('R')).toBe('arn:aws:iam::111122223333:role/S-R');
    expect(arn('M')).toBe('arn:aws:states:me-central-1:111122223333:stateMachine:S-M');
    expect(arn('B')).toBe('arn:aws:s3:::s-b');
  });

  it('resolves Ref, Fn::GetAtt, Fn::Join, Fn::Sub and the pseudo parameters', () => {
    // Arrange
    const resources = {
      T: { Type: 'AWS::DynamoDB::Table', Properties: {} },
      P: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          Values: [
            { Ref: 'T' },
            { 'Fn::GetAtt': ['T', 'Arn'] },
            { 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, { Ref: 'AWS::AccountId' }]] },
            // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
            { 'Fn::Sub': '${AWS::Region}/${T}/${T.Arn}/${!Literal}' },
            // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
            { 'Fn::Sub': ['${Name}-x', { Name: { Ref: 'AWS::StackName' } }] },
            { Ref: 'AWS::URLSuffix' },
          ],
        },
      },
    };

    // Act
    const values = resolvedProperty(resources, 'P', 'Values');

    // Assert
    const table = 'arn:aws:dynamodb:me-central-1:111122223333:table/S-T';
    expect(values).toEqual([
      'S-T',
      table,
      'arn:aws:111122223333',
      `me-central-1/S-T/${table}/\${Literal}`,
      'S-x',
      'amazonaws.com',
    ]);
  });

  it('resolves Fn::Select over Fn::Split, as CDK names a state machine in its executions', () => {
    // Arrange
    const resources = {
      M: { Type: 'AWS::StepFunctions::StateMachine', Properties: {} },
      P: {
        Type: 'AWS::IAM::Policy',
        Properties: { Name: { 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: 'M' }] }] } },
      },
    };

    // Act
    const name = resolvedProperty(resources, 'P', 'Name');

    // Assert
    expect(name).toBe('S-M');
  });

  it("resolves Fn::ImportValue from the other stack's exports", () => {
    // Arrange
    const producer = stack('Producer', {
      Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'jobs' } } },
      Outputs: {
        QueueArn: {
          Value: { 'Fn::GetAtt': ['Q', 'Arn'] },
          // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
          Export: { Name: { 'Fn::Sub': '${AWS::StackName}:QueueArn' } },
        },
      },
    });
    const consumer = stack('Consumer', {
      Resources: {
        P: {
          Type: 'AWS::IAM::Policy',
          Properties: { Resource: { 'Fn::ImportValue': 'Producer:QueueArn' } },
        },
      },
    });

    // Act
    const app = deployedAppFromTemplates([producer, consumer], WHERE);

    // Assert
    expect(app.resource('P').properties.Resource).toBe(
      'arn:aws:sqs:me-central-1:111122223333:jobs',
    );
  });

  it('drops what AWS::NoValue stands for and follows Fn::If and the conditions', () => {
    // Arrange
    const app = deployedAppFromTemplates(
      [
        stack('S', {
          Conditions: {
            InMeCentral: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'me-central-1'] },
            Elsewhere: { 'Fn::Not': [{ Condition: 'InMeCentral' }] },
          },
          Resources: {
            P: {
              Type: 'AWS::IAM::Policy',
              Properties: {
                Where: { 'Fn::If': ['InMeCentral', 'here', 'there'] },
                Gone: { Ref: 'AWS::NoValue' },
                List: ['a', { Ref: 'AWS::NoValue' }],
              },
            },
            OnlyElsewhere: { Type: 'AWS::SQS::Queue', Condition: 'Elsewhere', Properties: {} },
          },
        }),
      ],
      WHERE,
    );

    // Act
    const { properties } = app.resource('P');

    // Assert
    expect(properties).toEqual({ Where: 'here', List: ['a'] });
    expect(app.resourcesOfType('AWS::SQS::Queue')).toEqual([]);
  });

  it('marks an attribute no rule knows instead of guessing, and lists it', () => {
    // Arrange
    const resources = {
      D: { Type: 'AWS::RDS::DBInstance', Properties: {} },
      P: {
        Type: 'AWS::IAM::Policy',
        Properties: { Host: { 'Fn::GetAtt': ['D', 'Endpoint.Address'] } },
      },
    };

    // Act
    const app = deployedAppFromTemplates([stack('S', { Resources: resources })], WHERE);

    // Assert
    expect(app.resource('P').properties.Host).toMatch(/^«unresolved/);
    expect(app.unresolved).toEqual(['Fn::GetAtt D.Endpoint.Address']);
  });

  it('throws UnresolvableIntrinsicError for an import nobody exports or an unknown resource', () => {
    // Arrange
    const importing = {
      P: { Type: 'AWS::IAM::Policy', Properties: { X: { 'Fn::ImportValue': 'Nope' } } },
    };
    const dangling = { P: { Type: 'AWS::IAM::Policy', Properties: { X: { Ref: 'Missing' } } } };

    // Act
    const load = (resources: Record<string, unknown>) => () =>
      deployedAppFromTemplates([stack('S', { Resources: resources })], WHERE);

    // Assert
    expect(load(importing)).toThrow(UnresolvableIntrinsicError);
    expect(load(dangling)).toThrow(UnresolvableIntrinsicError);
  });
});
