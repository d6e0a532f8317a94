import { runSimulation, isWildcardOnlyAction, getDenialReasons } from '@cloud-copilot/iam-simulate';
const acct = '111122223333';
const keyArn = `arn:aws:kms:me-central-1:${acct}:key/abc`;
const keyPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: 'kms:*', Resource: '*' }] };
const idp = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: keyArn }] };
async function run(principal: string, action: string, resource: string, identity: unknown[], rp: unknown, ctx: Record<string,string> = {}) {
  const r = await runSimulation({
    request: { principal, action, resource: { resource, accountId: acct }, contextVariables: ctx },
    identityPolicies: identity.map((p, i) => ({ name: `p${i}`, policy: p })),
    serviceControlPolicies: [], resourceControlPolicies: [], resourcePolicy: rp,
  }, {});
  if (r.resultType === 'error') { console.log(principal, action, 'ERROR', JSON.stringify(r.errors)); return; }
  const res = r.resultType === 'single' ? r.result : r.results[0];
  console.log(principal.slice(-30), action, r.resultType, r.overallResult, JSON.stringify(res ? getDenialReasons(res.analysis) : null), res?.ignoredContextKeys);
}
const role = `arn:aws:sts::${acct}:assumed-role/MyRole/fn`;
const roleArn = `arn:aws:iam::${acct}:role/MyRole`;
await run(role, 'kms:Decrypt', keyArn, [idp], keyPolicy, { 'kms:ViaService': 'dynamodb.me-central-1.amazonaws.com', 'kms:CallerAccount': acct });
await run(roleArn, 'kms:Decrypt', keyArn, [idp], keyPolicy);
await run(role, 'kms:GenerateDataKey', keyArn, [idp], keyPolicy);
await run(role, 'kms:Decrypt', keyArn, [idp], { Version: '2012-10-17', Statement: [] });
await run('cloudwatch.amazonaws.com', 'kms:Decrypt', keyArn, [], keyPolicy, { 'aws:SourceArn': `arn:aws:cloudwatch:me-central-1:${acct}:alarm:X`, 'aws:SourceAccount': acct });
await run('cloudwatch.amazonaws.com', 'sns:Publish', `arn:aws:sns:me-central-1:${acct}:topic`, [], { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: `arn:aws:sns:me-central-1:${acct}:topic`, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }, { 'aws:SecureTransport': 'true' });
await run(role, 'dynamodb:ListStreams', '*', [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:ListStreams', Resource: '*' }] }], undefined);
await run(role, 'dynamodb:PutItem', `arn:aws:dynamodb:me-central-1:${acct}:table/t`, [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: `arn:aws:dynamodb:me-central-1:${acct}:table/t` }] }], undefined, {'aws:SecureTransport':'true'});
await run(role, 'dynamodb:GetRecords', `arn:aws:dynamodb:me-central-1:${acct}:table/t/stream/2026-01-01T00:00:00.000`, [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetRecords', Resource: `arn:aws:dynamodb:me-central-1:${acct}:table/t/stream/2026-01-01T00:00:00.000` }] }], undefined);
await run(role, 'states:StartExecution', `arn:aws:states:me-central-1:${acct}:stateMachine:M`, [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'states:StartExecution', Resource: `arn:aws:states:me-central-1:${acct}:stateMachine:M` }] }], undefined);
await run(role, 'states:DescribeExecution', `arn:aws:states:me-central-1:${acct}:execution:M/abc:def`, [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'states:DescribeExecution', Resource: `arn:aws:states:me-central-1:${acct}:execution:M:*` }] }], undefined);
await run(role, 'lambda:InvokeFunction', `arn:aws:lambda:me-central-1:${acct}:function:F`, [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:me-central-1:${acct}:function:F` }] }], undefined);
await run(role, 'sns:Publish', `*`, [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }] }], undefined);
