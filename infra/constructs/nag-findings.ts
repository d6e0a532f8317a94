import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * How cdk-nag names what it finds, so that an acknowledgement names exactly the finding it
 * covers: `AwsSolutions-IAM5[Resource::<the resource as cdk-nag renders it>]`.
 */

/**
 * The parts of an ARN in this stack as cdk-nag renders them: a literal where the stack knows it
 * (the region; the partition once partition literals are on), else the pseudo parameter.
 */
export function arnPartsAsFound(scope: IConstruct): {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
} {
  const stack = Stack.of(scope);
  const literal = (value: string, pseudo: string) => {
    const resolved: unknown = stack.resolve(value);
    return typeof resolved === 'string' ? resolved : `<AWS::${pseudo}>`;
  };
  return {
    partition: literal(stack.partition, 'Partition'),
    region: literal(stack.region, 'Region'),
    account: literal(stack.account, 'AccountId'),
  };
}

/** An attribute of a resource of this stack as cdk-nag renders it: `<LogicalId.Attribute>`. */
export function attributeAsFound(resource: IConstruct, attribute: string): string {
  const cfn = resource.node.defaultChild ?? resource;
  return `<${Stack.of(resource).getLogicalId(cfn as never)}.${attribute}>`;
}
