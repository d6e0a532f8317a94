import { runSimulation, getDenialReasons, getGrantReasons } from '@cloud-copilot/iam-simulate';
const acct = '111122223333';
async function run(principal: string, action: string, resource: string, identity: unknown[], rp: unknown, ctx: Record<string,string> = {}) {
  const r = await runSimulation({
    request: { principal, action, resource: { resource, accountId: acct }, contextVariables: ctx },
    identityPolicies: identity.map((p, i) => ({ name: `p${i}`, policy: p })),
    serviceControlPolicies: [], resourceControlPolicies: [], resourcePolicy: rp,
  }, {});
  if (r.resultType === 'error') { console.log(action, 'ERROR', JSON.stringify(r.errors)); return; }
  const res = r.resultType === 'single' ? r.result : r.results[0];
  console.log(principal.slice(-24), action, r.resultType, r.overallResult, JSON.stringify(res ? getDenialReasons(res.analysis) : null), JSON.stringify(res ? getGrantReasons(res.analysis) : null), 'ignored', res?.ignoredContextKeys, res?.resourceType);
}
const role = `arn:aws:sts::${acct}:assumed-role/MyRole/fn`;
const lg = `arn:aws:logs:me-central-1:${acct}:log-group:G`;
const idl = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream','logs:PutLogEvents'], Resource: `${lg}:*` }] };
await run(role, 'logs:CreateLogStream', `${lg}:log-stream:s`, [idl], undefined);
await run(role, 'logs:CreateLogStream', `${lg}`, [idl], undefined);
await run(role, 'logs:PutLogEvents', `${lg}:log-stream:s`, [idl], undefined);
const keyArn = `arn:aws:kms:me-central-1:${acct}:key/abc`;
const keyPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: 'kms:*', Resource: '*' },
 { Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt','kms:GenerateDataKey*'], Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': acct }, ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:me-central-1:${acct}:alarm:*` } } }] };
await run('cloudwatch.amazonaws.com', 'kms:GenerateDataKey', keyArn, [], keyPolicy, { 'aws:SourceArn': `arn:aws:cloudwatch:me-central-1:${acct}:alarm:X`, 'aws:SourceAccount': acct, 'kms:ViaService': 'sns.me-central-1.amazonaws.com', 'kms:EncryptionContext:aws:sns:topicArn': 'arn:aws:sns:me-central-1:111122223333:t', 'aws:SecureTransport': 'true' });
await run('cloudwatch.amazonaws.com', 'kms:GenerateDataKey', keyArn, [], keyPolicy, { 'aws:SourceArn': `arn:aws:cloudwatch:me-central-1:999:alarm:X`, 'aws:SourceAccount': acct });
await run(role, 'kms:Decrypt', keyArn, [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn, Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.me-central-1.amazonaws.com' } } }] }], keyPolicy, { 'kms:ViaService': 'dynamodb.me-central-1.amazonaws.com', 'kms:CallerAccount': acct, 'kms:EncryptionContext:aws:dynamodb:tableName': 'T', 'aws:PrincipalAccount': acct, 'aws:PrincipalArn': `arn:aws:iam::${acct}:role/MyRole` });
// trust policy
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:states:me-central-1:${acct}:stateMachine:*` }, StringEquals: { 'aws:SourceAccount': acct } } }] };
await run('states.amazonaws.com', 'sts:AssumeRole', `arn:aws:iam::${acct}:role/SM`, [], trust, { 'aws:SourceArn': `arn:aws:states:me-central-1:${acct}:stateMachine:M`, 'aws:SourceAccount': acct });
await run('scheduler.amazonaws.com', 'sts:AssumeRole', `arn:aws:iam::${acct}:role/SM`, [], trust, {});
// explicit deny in identity
await run(role, 'dynamodb:PutItem', `arn:aws:dynamodb:me-central-1:${acct}:table/T`, [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }, { Sid: 'NoPut', Effect: 'Deny', Action: 'dynamodb:PutItem', Resource: `arn:aws:dynamodb:me-central-1:${acct}:table/T` }] }], undefined);
await run(role, 'dynamodb:Query', `arn:aws:dynamodb:me-central-1:${acct}:table/T/index/byCycle`, [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:Query', Resource: `arn:aws:dynamodb:me-central-1:${acct}:table/T` }] }], undefined);
await run(role, 'dynamodb:PutItemm', `arn:aws:dynamodb:me-central-1:${acct}:table/T`, [], undefined);
await run(role, 'sqs:SendMessage', `arn:aws:sqs:me-central-1:${acct}:q`, [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:me-central-1:${acct}:q` }] }], { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sqs:*', Resource: `arn:aws:sqs:me-central-1:${acct}:q`, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }, { 'aws:SecureTransport': 'false' });
await run('lambda.alarms.cloudwatch.amazonaws.com', 'lambda:InvokeFunction', `arn:aws:lambda:me-central-1:${acct}:function:F`, [], { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.alarms.cloudwatch.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:me-central-1:${acct}:function:F` }] });
