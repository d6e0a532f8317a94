import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/**
 * What holds data and must outlive any deployment: for now the customer-managed key that will
 * encrypt the tables, queues and report bucket. The tables and queues arrive with the payout cycle
 * and the notifier; the stateless stack (functions, state machine, schedule) with the deployment.
 */
export class StatefulStack extends Stack {
  readonly dataKey: Key;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.dataKey = new Key(this, 'DataKey', {
      description: 'dafaa: encrypts beneficiary data at rest (tables, queues, reports)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
