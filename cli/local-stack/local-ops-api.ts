import { opsApiDepsOnTables } from '../../shared/adapters/dynamodb/table-context.ts';
import type { DafaaTableNames } from '../../shared/adapters/dynamodb/table-specs.ts';
import { opsSettingsFromEnvironment } from '../../shared/config/ops-settings.ts';
import type { CycleFlowOutcome, CycleStartRequest } from '../../shared/cycles/ports.ts';
import { localDocumentClient, localNotifyQueue, localTableNames } from '../local-context.ts';
import { createLocalAuthority, type LocalAuthority } from './local-authority.ts';
import { type LocalCycleExecutions, localCycleExecutions } from './local-cycle-executions.ts';
import { type OpsServer, startOpsServer } from './ops-server.ts';

/**
 * The ops API of the local stack, composed as the Lambda composes it in AWS, on the local tables:
 * the same adapters, a local authority for sign-in, and the cycle's executions in this process.
 */
export interface LocalOpsApi extends OpsServer {
  readonly authority: LocalAuthority;
  readonly executions: LocalCycleExecutions;
}

export async function startLocalOpsApi(options: {
  readonly dynamodbEndpoint: string;
  readonly sqsEndpoint?: string;
  readonly tableNames?: DafaaTableNames;
  readonly env?: NodeJS.ProcessEnv;
  readonly consoleDir?: string | undefined;
  readonly port?: number;
  /** Told when an execution the API started ends (how, or the error that stopped it). */
  readonly onEnded?: (request: CycleStartRequest, outcome: CycleFlowOutcome | Error) => void;
}): Promise<LocalOpsApi> {
  const tableNames = options.tableNames ?? localTableNames(options.env);
  const settings = opsSettingsFromEnvironment(options.env ?? process.env);
  const deps = opsApiDepsOnTables(
    localDocumentClient(options.dynamodbEndpoint),
    tableNames,
    localNotifyQueue(options.sqsEndpoint, tableNames),
    settings,
    (flowDeps) => localCycleExecutions(flowDeps, options.onEnded),
  );
  const authority = createLocalAuthority();
  const server = await startOpsServer({
    authority,
    deps,
    ...(options.consoleDir ? { consoleDir: options.consoleDir } : {}),
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  return { ...server, authority, executions: deps.executions };
}
