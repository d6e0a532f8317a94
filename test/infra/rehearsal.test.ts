import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DeployedApp,
  deployedAppFromTemplates,
  type StackTemplate,
} from '../../infra/contract/deployed-policies.ts';
import { withoutRoleAction, withoutStatements } from '../../infra/contract/template-mutations.ts';
import { LOCAL_DEPLOYMENT } from '../../infra/local/deployed-cycle.ts';
import {
  checkCalls,
  REHEARSAL_STEPS,
  type RehearsalResult,
  rehearse,
  wentAsScripted,
} from '../../infra/rehearsal/rehearse.ts';

/**
 * The deploy rehearsal (`npm run rehearse`): a month of the synthesized app on local servers, every
 * AWS call recorded and evaluated against the synthesized policies. Then the calls it recorded are
 * held against templates with one grant taken away, as a deployment without it would be: each
 * mutation is denied, naming who lacks what.
 */

let result: RehearsalResult;
let stacks: StackTemplate[];
let deployed: DeployedApp;

/** A role's or key's logical id, found by its construct id in the synthesized app. */
const logicalIdOf = (constructId: string, type: string) =>
  deployed.resource(constructId, type).logicalId;

beforeAll(async () => {
  result = await rehearse({ households: 120 });
  stacks = Object.entries(result.app.templates).map(([stackName, template]) => ({
    stackName,
    template: template as unknown as Readonly<Record<string, unknown>>,
  }));
  deployed = deployedAppFromTemplates(stacks, LOCAL_DEPLOYMENT);
}, 240_000);

const deniedAfter = async (mutated: StackTemplate[]) =>
  (await checkCalls(deployedAppFromTemplates(mutated, LOCAL_DEPLOYMENT), result.calls)).denials.map(
    (denial) => denial.explain,
  );

describe('the deploy rehearsal', () => {
  it('runs the month through every step with 0 denied calls', () => {
    expect(result.denials.map((denial) => denial.explain)).toEqual([]);
    const steps = Object.fromEntries(result.steps.map((step) => [step.step, step]));
    for (const step of REHEARSAL_STEPS) {
      expect(steps[step]?.calls, step).toBeGreaterThan(0);
    }
    expect(result.unmapped).toEqual([]);
    expect(result.month).toMatchObject({ firstExecution: 'FAILED', rerun: 'SUCCEEDED' });
    expect(result.month.streamRecords).toBeGreaterThan(0);
    expect(result.month.messagesHandled).toBeGreaterThan(0);
    expect(result.month.smsSent).toBeGreaterThan(0);
    expect(result.month.sentAgain).toBeGreaterThan(0);
    expect(result.month.receiptsRecorded).toBeGreaterThan(0);
    expect(result.month.sweptUnknown).toBe(1);
    expect(result.month).toMatchObject({
      opsRunRequested: 'AWAITING APPROVAL',
      opsRunResumed: 'SUCCEEDED',
    });
    expect(wentAsScripted(result.month)).toBe(true);
  });

  it('runs the ops API as its own role, writing the cycles and audit tables and starting executions', () => {
    const opsApi = logicalIdOf('OpsApi', 'AWS::Lambda::Function');
    const made = new Set(
      result.calls
        .filter((call) => call.step === 'ops API')
        .map((call) => {
          expect(call.principal).toEqual({ function: opsApi });
          return `${call.action} ${deployed.label(call.resource)}`;
        }),
    );

    expect([...made]).toEqual(
      expect.arrayContaining([
        'dynamodb:UpdateItem table CyclesTable',
        'dynamodb:PutItem table AuditTable',
        'states:StartExecution state machine CycleStateMachine',
      ]),
    );
  });

  it('fails naming the ops API when its grant lacks UpdateItem on the cycles table', async () => {
    const role = logicalIdOf('OpsApiRole', 'AWS::IAM::Role');
    const denied = await deniedAfter(withoutRoleAction(stacks, role, 'dynamodb:UpdateItem'));
    expect(denied).toContainEqual(
      expect.stringMatching(/^function OpsApi [^;]*dynamodb:UpdateItem on table CyclesTable/),
    );
  });

  it('fails naming the notifier when it may not queue a throttled message again', async () => {
    const role = logicalIdOf('NotifyRole', 'AWS::IAM::Role');
    const denied = await deniedAfter(withoutRoleAction(stacks, role, 'sqs:SendMessage'));
    expect(denied).toContainEqual(expect.stringMatching(/^function Notify [^;]*sqs:SendMessage/));
  });

  it('fails naming the release when it may not delete what it released from the deferred table', async () => {
    const role = logicalIdOf('ReleaseDeferredRole', 'AWS::IAM::Role');
    const denied = await deniedAfter(withoutRoleAction(stacks, role, 'dynamodb:BatchWriteItem'));
    expect(denied).toContainEqual(
      expect.stringMatching(/^function ReleaseDeferred [^;]*dynamodb:BatchWriteItem/),
    );
  });

  it('fails naming the gate when its grant lacks UpdateItem on the cycles table', async () => {
    const role = logicalIdOf('GateCycleRole', 'AWS::IAM::Role');
    const denied = await deniedAfter(withoutRoleAction(stacks, role, 'dynamodb:UpdateItem'));
    expect(denied).toContainEqual(
      expect.stringMatching(/^function GateCycle [^;]*dynamodb:UpdateItem/),
    );
  });

  it('fails naming CloudWatch when the alarm key policy lets it not use the key', async () => {
    const key = logicalIdOf('OpsAlarms/Key', 'AWS::KMS::Key');
    const mutated = withoutStatements(stacks, key, (statement) =>
      JSON.stringify(statement.Principal ?? '').includes('cloudwatch.amazonaws.com'),
    );
    expect(await deniedAfter(mutated)).toContainEqual(
      expect.stringMatching(/^cloudwatch\.amazonaws\.com .*needs kms:GenerateDataKey/),
    );
  });

  it('fails naming the scheduler when its role may not use the dead-letter queue key', async () => {
    const role = logicalIdOf('SchedulerRole', 'AWS::IAM::Role');
    const denied = await deniedAfter(withoutRoleAction(stacks, role, 'kms:GenerateDataKey'));
    expect(denied).toContainEqual(
      expect.stringMatching(
        /^schedule DailyTick's role .*\(role SchedulerRole.*needs kms:GenerateDataKey/,
      ),
    );
  });

  it("fails naming the receipt recorder when it may not query the deliveries' provider message index", async () => {
    const role = logicalIdOf('RecordReceiptsRole', 'AWS::IAM::Role');
    const denied = await deniedAfter(withoutRoleAction(stacks, role, 'dynamodb:Query'));
    expect(denied).toContainEqual(
      expect.stringMatching(
        /^function RecordReceipts [^;]*dynamodb:Query on index byProviderMessage of table DeliveriesTable/,
      ),
    );
  });

  it('fails naming the sweeper when it may not settle a delivery', async () => {
    const role = logicalIdOf('SweepDeliveriesRole', 'AWS::IAM::Role');
    const denied = await deniedAfter(withoutRoleAction(stacks, role, 'dynamodb:UpdateItem'));
    expect(denied).toContainEqual(
      expect.stringMatching(
        /^function SweepDeliveries [^;]*dynamodb:UpdateItem on table DeliveriesTable/,
      ),
    );
  });

  it('fails naming the notifier when its role may not change message visibility', async () => {
    const role = logicalIdOf('NotifyRole', 'AWS::IAM::Role');
    const denied = await deniedAfter(
      withoutRoleAction(stacks, role, 'sqs:ChangeMessageVisibility'),
    );
    expect(denied).toContainEqual(
      expect.stringMatching(/^function Notify [^;]*sqs:ChangeMessageVisibility/),
    );
  });
});
