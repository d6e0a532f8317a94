import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { LocalStackError } from '../local-stack/errors.ts';
import type { AuthConfig } from './token-cache.ts';

/**
 * Where the CLI's ops API is: `--api URL` (or `DAFAA_API_URL`), the console's address, whose
 * `config.json` says how to sign in; or, with `--target aws --stage S --region R`, the stateless
 * stack's outputs (the one AWS permission an operator's CLI needs: `cloudformation:DescribeStacks`
 * on that stack; with `--api`, none).
 */

export interface AwsTarget {
  readonly stage: string;
  readonly region: string;
}

/** The stack is not deployed, or not in that region, or has not the outputs this CLI needs. */
export class AwsTargetError extends LocalStackError {
  override readonly name: string = 'AwsTargetError';
}

/** The stateless stack's outputs the CLI reads. */
export const REQUIRED_OUTPUTS = ['ApiUrl', 'CliClientId', 'CognitoDomain'] as const;

export interface RemoteApi {
  readonly api: string;
  /** How to sign in, when the outputs say (else from `<api>/config.json`). */
  readonly auth: AuthConfig | null;
}

export async function remoteApiOf(
  target: AwsTarget & { readonly api?: string | undefined },
  client: CloudFormationClient = new CloudFormationClient({ region: target.region }),
): Promise<RemoteApi> {
  if (target.api) return { api: target.api.replace(/\/+$/, ''), auth: null };
  const stackName = `Dafaa-${target.stage}-Stateless`;
  let outputs: { OutputKey?: string | undefined; OutputValue?: string | undefined }[] = [];
  try {
    const described = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    outputs = described?.Stacks?.[0]?.Outputs ?? [];
  } catch (error) {
    // CloudFormation answers a ValidationError ("Stack with id ... does not exist") for a missing stack.
    const missing =
      error instanceof Error &&
      (error.name === 'ValidationError' || /does not exist/.test(error.message));
    if (!missing) throw error;
  }
  const value = (key: string) => outputs.find((output) => output.OutputKey === key)?.OutputValue;
  const absent = REQUIRED_OUTPUTS.filter((key) => value(key) === undefined);
  if (absent.length > 0) {
    throw new AwsTargetError(
      `${stackName} in ${target.region} has no output ${absent.join(', ')}: deploy it first (docs/deploy.md), or give --api URL`,
    );
  }
  return {
    api: String(value('ApiUrl')).replace(/\/+$/, ''),
    auth: {
      auth: 'cognito',
      region: target.region,
      cognitoDomain: String(value('CognitoDomain')),
      cliClientId: String(value('CliClientId')),
    },
  };
}
