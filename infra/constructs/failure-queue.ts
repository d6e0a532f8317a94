import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type {
  DestinationConfig,
  DlqDestinationConfig,
  IDestination,
  IEventSourceDlq,
  IEventSourceMapping,
  IFunction,
} from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * Where Lambda puts what a function failed: the record of a failed asynchronous invocation
 * (`asyncInvocation`) or of a stream batch given up on (`streamBatch`). Lambda sends it with the
 * function's role, which is allowed exactly that: sqs:SendMessage on the queue and, the queue being
 * encrypted, kms:GenerateDataKey and kms:Decrypt on its key. (CDK's SqsDestination and SqsDlq
 * grant the queue's whole send-and-inspect set and the key's whole encrypt family.)
 */
export class FailureQueue {
  private readonly queue: IQueue;

  constructor(queue: IQueue) {
    this.queue = queue;
  }

  /** For `fn.configureAsyncInvoke({ onFailure })`. */
  asyncInvocation(): IDestination {
    return {
      bind: (_scope: Construct, fn: IFunction): DestinationConfig => this.bindTo(fn),
    };
  }

  /** For an event source's `onFailure`. */
  streamBatch(): IEventSourceDlq {
    return {
      bind: (_target: IEventSourceMapping, fn: IFunction): DlqDestinationConfig => this.bindTo(fn),
    };
  }

  private bindTo(fn: IFunction): { destination: string } {
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );
    this.queue.encryptionMasterKey?.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
    return { destination: this.queue.queueArn };
  }
}
