import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/**
 * A bucket for access logs (S3 server access logs, CloudFront standard logs): private, TLS only,
 * owner-preferred so that the log delivery's ACL works, kept 400 days (a year and a month's
 * margin) and retained when the stack goes, since it is evidence.
 */
export function accessLogBucket(scope: Construct, id: string): Bucket {
  return new Bucket(scope, id, {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [{ expiration: Duration.days(400) }],
  });
}
