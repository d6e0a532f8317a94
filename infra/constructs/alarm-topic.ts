import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * The topic every alarm publishes to, encrypted with a key of its own that CloudWatch may use.
 *
 * CloudWatch publishes an alarm to an encrypted topic only if the topic's key policy lets
 * `cloudwatch.amazonaws.com` call kms:Decrypt and kms:GenerateDataKey* (AWS managed keys cannot
 * be opened to it; without it every alarm action fails with a KMS AccessDenied and nobody hears).
 * The topic has its own key rather than the program's data key: an alarm carries no beneficiary
 * data, and a service principal in the data key's policy would be one more way to a key that
 * protects every household record; this key can be opened to CloudWatch (and to whatever ops
 * subscribe) without touching that one. Both statements are limited to this account's alarms.
 */
export class AlarmTopic extends Construct {
  readonly topic: Topic;
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': account },
      ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
    };
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    this.key = new Key(this, 'Key', {
      description: 'dafaa: encrypts the ops alarm topic; CloudWatch may use it to publish alarms',
      enableKeyRotation: true,
      // It protects alarm messages in flight only: nothing outlives the topic.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheEncryptedTopic',
        principals: [cloudWatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromOurAlarms,
      }),
    );
    this.topic = new Topic(this, 'Resource', { masterKey: this.key, enforceSSL: true });
    // The topic's policy replaces SNS's default one, which let the account's services publish.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromOurAlarms,
      }),
    );
  }
}
