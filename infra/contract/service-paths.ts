import type {
  DeployedApp,
  DeployedFunction,
  DeployedResource,
  DeployedRole,
} from './deployed-policies.ts';
import { type Call, evaluate, type Verdict } from './evaluate-call.ts';
import { isRecord } from './intrinsics.ts';

/**
 * The calls AWS itself makes for the deployed app, which none of our code sends, derived from the
 * templates: CloudWatch publishing alarms to their topics; EventBridge Scheduler assuming a
 * schedule's role, invoking its target and writing its dead-letter queue; Step Functions assuming
 * the state machine's role, invoking the functions its definition names, starting and watching a
 * distributed map's child executions, and tracing; Lambda assuming each function's role, writing
 * its logs and traces, polling its SQS and DynamoDB stream event sources and delivering their
 * failed batches, and delivering failed asynchronous invocations (EventInvokeConfig, DLQ); SES
 * publishing a configuration set's events to its SNS topic; SNS delivering a topic to its Lambda
 * and SQS subscriptions; CloudWatch Logs delivering a subscription filter to its function; a
 * custom resource's provider making its SDK calls (AwsCustomResource), and SNS writing the SMS
 * delivery-status logs with the role those calls name; API Gateway invoking the function behind
 * each route of an HTTP API, on each of its stages; CloudFront reading a distribution's S3 origins
 * through origin access control; a BucketDeployment's copier reading its sources, writing and
 * pruning its destination and invalidating the distribution. evaluate() adds the KMS calls each
 * one implies.
 */

/** A call AWS makes for the app, with who makes it and why. */
export interface ServicePath extends Call {
  readonly via: string;
}

/** A service path and what the deployed policies say about it. */
export interface ServicePathVerdict {
  readonly path: ServicePath;
  readonly verdict: Verdict;
}

/** Every service path the templates imply. */
export function servicePaths(app: DeployedApp): ServicePath[] {
  return deriveServicePaths(app).paths;
}

/** What the templates ask of AWS that this model does not check (a dynamic target, an S3 reader). */
export function unmodelledServiceCalls(app: DeployedApp): string[] {
  return deriveServicePaths(app).unmodelled;
}

/** Every service path with its verdict. */
export async function evaluateServicePaths(app: DeployedApp): Promise<ServicePathVerdict[]> {
  const verdicts: ServicePathVerdict[] = [];
  for (const path of servicePaths(app)) verdicts.push({ path, verdict: await evaluate(app, path) });
  return verdicts;
}

/** The service paths AWS would deny (or whose implied KMS calls it would deny). */
export async function checkServicePaths(app: DeployedApp): Promise<ServicePathVerdict[]> {
  return (await evaluateServicePaths(app)).filter(({ verdict }) => !verdict.allowed);
}

interface Paths {
  readonly paths: ServicePath[];
  readonly unmodelled: string[];
}

function deriveServicePaths(app: DeployedApp): Paths {
  const found: Paths = { paths: [], unmodelled: [] };
  alarmPaths(app, found);
  schedulePaths(app, found);
  stateMachinePaths(app, found);
  functionPaths(app, found);
  eventSourcePaths(app, found);
  asyncInvocationPaths(app, found);
  emailEventPaths(app, found);
  topicSubscriptionPaths(app, found);
  logSubscriptionPaths(app, found);
  customResourcePaths(app, found);
  httpApiPaths(app, found);
  distributionPaths(app, found);
  bucketDeploymentPaths(app, found);
  return found;
}

function alarmPaths(app: DeployedApp, found: Paths): void {
  const alarms = [
    ...app.resourcesOfType('AWS::CloudWatch::Alarm'),
    ...app.resourcesOfType('AWS::CloudWatch::CompositeAlarm'),
  ];
  for (const alarm of alarms) {
    const actions = ['AlarmActions', 'OKActions', 'InsufficientDataActions'].flatMap((key) =>
      strings(alarm.properties[key]),
    );
    for (const action of new Set(actions)) {
      const via = `CloudWatch, for alarm ${alarm.constructId}`;
      const sourceArn = alarm.arn ?? alarm.ref;
      if (serviceOf(action) === 'sns') {
        found.paths.push({
          via,
          principal: { service: 'cloudwatch.amazonaws.com', sourceArn },
          action: 'sns:Publish',
          resource: action,
        });
      } else if (serviceOf(action) === 'lambda') {
        found.paths.push({
          via,
          principal: { service: 'lambda.alarms.cloudwatch.amazonaws.com', sourceArn },
          action: 'lambda:InvokeFunction',
          resource: action,
        });
      } else {
        found.unmodelled.push(`${via}: the alarm action ${action}`);
      }
    }
  }
}

function schedulePaths(app: DeployedApp, found: Paths): void {
  for (const schedule of app.resourcesOfType('AWS::Scheduler::Schedule')) {
    const target = isRecord(schedule.properties.Target) ? schedule.properties.Target : {};
    const role = roleNamed(app, target.RoleArn, `schedule ${schedule.constructId}`, found);
    if (!role) continue;
    const group = String(schedule.properties.GroupName ?? 'default');
    const { partition, region, account } = app.env;
    const groupArn = `arn:${partition}:scheduler:${region}:${account}:schedule-group/${group}`;
    const asRole = { role: roleId(role) };
    const via = `EventBridge Scheduler, for schedule ${schedule.constructId}`;
    found.paths.push(
      assumeRole(`${via}: assumes its role`, 'scheduler.amazonaws.com', role, groupArn),
    );
    deliver(found, `${via}: invokes its target as its role`, asRole, String(target.Arn ?? ''));
    const deadLetters = isRecord(target.DeadLetterConfig) ? target.DeadLetterConfig.Arn : undefined;
    if (typeof deadLetters === 'string') {
      deliver(found, `${via}: writes its dead-letter queue as its role`, asRole, deadLetters);
    }
  }
}

function stateMachinePaths(app: DeployedApp, found: Paths): void {
  for (const machine of app.resourcesOfType('AWS::StepFunctions::StateMachine')) {
    const via = `Step Functions, for state machine ${machine.constructId}`;
    const role = roleNamed(
      app,
      machine.properties.RoleArn,
      `state machine ${machine.constructId}`,
      found,
    );
    if (!role) continue;
    const asRole = { role: roleId(role) };
    const machineArn = machine.arn ?? machine.ref;
    found.paths.push(
      assumeRole(`${via}: assumes its role`, 'states.amazonaws.com', role, machineArn),
    );
    const definition = definitionOf(machine);
    if (!definition) {
      found.unmodelled.push(`${via}: its definition is not inline (DefinitionS3Location)`);
      continue;
    }
    walkStates(definition.States, (name, state) => {
      if (state.Type === 'Task')
        taskPath(app, found, `${via}: runs task ${name} as its role`, asRole, state);
      if (state.Type === 'Map' && isDistributed(state)) {
        distributedMapPaths(
          app,
          found,
          `${via}: runs distributed map ${name} as its role`,
          asRole,
          machine,
        );
      }
    });
    const tracing = machine.properties.TracingConfiguration;
    if (isRecord(tracing) && tracing.Enabled === true) {
      for (const action of [
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
      ]) {
        found.paths.push({
          via: `${via}: traces as its role`,
          principal: asRole,
          action,
          resource: '*',
        });
      }
    }
  }
}

/** Lambda acting for each function: assuming its role, writing its logs, sending its traces. */
function functionPaths(app: DeployedApp, found: Paths): void {
  for (const fn of app.functions()) {
    const via = `Lambda, for function ${fn.resource.constructId}`;
    if (!fn.role) {
      found.unmodelled.push(`${via}: its role ${fn.roleArn} is not in the templates`);
      continue;
    }
    const asRole = { role: roleId(fn.role) };
    found.paths.push(assumeRole(`${via}: assumes its role`, 'lambda.amazonaws.com', fn.role));
    const stream = `${logGroupArn(app, fn)}:log-stream:2000/01/01/[$LATEST]contract`;
    for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
      found.paths.push({
        via: `${via}: writes its logs as its role`,
        principal: asRole,
        action,
        resource: stream,
      });
    }
    const tracing = fn.resource.properties.TracingConfig;
    if (isRecord(tracing) && tracing.Mode === 'Active') {
      for (const action of ['xray:PutTraceSegments', 'xray:PutTelemetryRecords']) {
        found.paths.push({
          via: `${via}: traces as its role`,
          principal: asRole,
          action,
          resource: '*',
        });
      }
    }
  }
}

function eventSourcePaths(app: DeployedApp, found: Paths): void {
  for (const mapping of app.resourcesOfType('AWS::Lambda::EventSourceMapping')) {
    const fn = app.functionByReference(String(mapping.properties.FunctionName ?? ''));
    const source = String(mapping.properties.EventSourceArn ?? '');
    const via = `Lambda's event source mapping for function ${fn?.resource.constructId ?? mapping.constructId}`;
    if (!fn?.role) {
      found.unmodelled.push(`${via}: its function or the function's role is not in the templates`);
      continue;
    }
    const asRole = { role: roleId(fn.role) };
    const reads = `${via}: reads ${app.label(source)} as its role`;
    const calls = eventSourceReads(source);
    if (calls.length === 0) found.unmodelled.push(`${via}: the event source ${source}`);
    for (const { action, resource } of calls)
      found.paths.push({ via: reads, principal: asRole, action, resource });
    const destination = onFailureDestination(mapping.properties.DestinationConfig);
    if (destination) {
      deliver(
        found,
        `${via}: sends failed batches to its on-failure destination as its role`,
        asRole,
        destination,
      );
    }
  }
}

/** What Lambda calls, as the function's role, to read an event source. */
function eventSourceReads(source: string): { action: string; resource: string }[] {
  if (serviceOf(source) === 'sqs') {
    return [
      'sqs:ReceiveMessage',
      'sqs:DeleteMessage',
      'sqs:ChangeMessageVisibility',
      'sqs:GetQueueAttributes',
    ].map((action) => ({ action, resource: source }));
  }
  if (serviceOf(source) === 'dynamodb' && source.includes('/stream/')) {
    return [
      ...['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'].map(
        (action) => ({ action, resource: source }),
      ),
      { action: 'dynamodb:ListStreams', resource: '*' },
    ];
  }
  return [];
}

/** Lambda's asynchronous invocation: on-failure and on-success destinations, and the function's DLQ. */
function asyncInvocationPaths(app: DeployedApp, found: Paths): void {
  for (const config of app.resourcesOfType('AWS::Lambda::EventInvokeConfig')) {
    const fn = app.functionByReference(String(config.properties.FunctionName ?? ''));
    const via = `Lambda's asynchronous invocation of function ${fn?.resource.constructId ?? config.properties.FunctionName}`;
    if (!fn?.role) {
      found.unmodelled.push(`${via}: its function or the function's role is not in the templates`);
      continue;
    }
    const asRole = { role: roleId(fn.role) };
    const destinations = isRecord(config.properties.DestinationConfig)
      ? config.properties.DestinationConfig
      : {};
    for (const outcome of ['OnFailure', 'OnSuccess'] as const) {
      const destination = onFailureDestination({ OnFailure: destinations[outcome] });
      if (destination) {
        deliver(
          found,
          `${via}: sends ${outcome === 'OnFailure' ? 'failed' : 'successful'} invocations to its destination as its role`,
          asRole,
          destination,
        );
      }
    }
  }
  for (const fn of app.functions()) {
    const deadLetters = fn.resource.properties.DeadLetterConfig;
    const target = isRecord(deadLetters) ? deadLetters.TargetArn : undefined;
    if (typeof target === 'string' && fn.role) {
      deliver(
        found,
        `Lambda's asynchronous invocation of function ${fn.resource.constructId}: writes its dead-letter queue as its role`,
        { role: roleId(fn.role) },
        target,
      );
    }
  }
}

/** SES publishing a configuration set's email events to the destination's SNS topic. */
function emailEventPaths(app: DeployedApp, found: Paths): void {
  for (const destination of app.resourcesOfType('AWS::SES::ConfigurationSetEventDestination')) {
    const name = String(destination.properties.ConfigurationSetName ?? '');
    const via = `SES, for configuration set ${name}`;
    const config = isRecord(destination.properties.EventDestination)
      ? destination.properties.EventDestination
      : {};
    const { partition, region, account } = app.env;
    const sourceArn = `arn:${partition}:ses:${region}:${account}:configuration-set/${name}`;
    // CloudFormation spells it TopicARN.
    const sns = isRecord(config.SnsDestination)
      ? (config.SnsDestination.TopicARN ?? config.SnsDestination.TopicArn)
      : undefined;
    if (typeof sns === 'string') {
      found.paths.push({
        via: `${via}: publishes its events to its topic`,
        principal: { service: 'ses.amazonaws.com', sourceArn },
        action: 'sns:Publish',
        resource: sns,
      });
    }
    // CloudWatch dimensions need no permission; EventBridge and Firehose destinations are not modelled.
    for (const kind of ['EventBridgeDestination', 'KinesisFirehoseDestination']) {
      if (config[kind] !== undefined) found.unmodelled.push(`${via}: its ${kind}`);
    }
  }
}

/** SNS delivering a topic's messages to its Lambda and SQS subscribers. */
function topicSubscriptionPaths(app: DeployedApp, found: Paths): void {
  const actions: Readonly<Record<string, string>> = {
    lambda: 'lambda:InvokeFunction',
    sqs: 'sqs:SendMessage',
  };
  for (const subscription of app.resourcesOfType('AWS::SNS::Subscription')) {
    const topic = String(subscription.properties.TopicArn ?? '');
    const protocol = String(subscription.properties.Protocol ?? '');
    const endpoint = String(subscription.properties.Endpoint ?? '');
    const via = `SNS, for a subscription to ${app.label(topic)}: delivers to its ${protocol} endpoint`;
    const action = actions[protocol];
    if (action) {
      found.paths.push({
        via,
        principal: { service: 'sns.amazonaws.com', sourceArn: topic },
        action,
        resource: endpoint,
      });
    } else {
      found.unmodelled.push(`${via} ${endpoint}`);
    }
  }
}

/** CloudWatch Logs delivering a subscription filter's log events to its function. */
function logSubscriptionPaths(app: DeployedApp, found: Paths): void {
  for (const filter of app.resourcesOfType('AWS::Logs::SubscriptionFilter')) {
    const group = String(filter.properties.LogGroupName ?? '');
    const destination = String(filter.properties.DestinationArn ?? '');
    const via = `Log subscription filter on log group ${group}: CloudWatch Logs delivers its events`;
    if (serviceOf(destination) !== 'lambda' || filter.properties.RoleArn !== undefined) {
      found.unmodelled.push(`${via} to ${destination}`);
      continue;
    }
    const { partition, region, account } = app.env;
    found.paths.push({
      via,
      principal: {
        service: 'logs.amazonaws.com',
        sourceArn: `arn:${partition}:logs:${region}:${account}:log-group:${group}:*`,
      },
      action: 'lambda:InvokeFunction',
      resource: destination,
    });
  }
}

/**
 * An AwsCustomResource's provider making its SDK calls (create, update, delete) as its role; and,
 * for SNS's SetSMSAttributes naming a delivery-status role, passing that role to SNS, and SNS
 * assuming it to write the SMS delivery-status log groups of the account and region.
 */
function customResourcePaths(app: DeployedApp, found: Paths): void {
  for (const resource of app.resources.filter((r) => r.type.startsWith('Custom::'))) {
    const calls = (['Create', 'Update', 'Delete'] as const).flatMap((phase) => {
      const text = resource.properties[phase];
      const call: unknown = typeof text === 'string' ? JSON.parse(text) : undefined;
      return isRecord(call) ? [{ phase, call }] : [];
    });
    if (calls.length === 0) continue;
    const via = `CloudFormation, for custom resource ${resource.constructId}`;
    const provider = app.functionByReference(String(resource.properties.ServiceToken ?? ''));
    if (!provider?.role) {
      found.unmodelled.push(`${via}: its provider or the provider's role is not in the templates`);
      continue;
    }
    const asRole = { role: roleId(provider.role) };
    for (const { phase, call } of calls) {
      const service = String(call.service ?? '')
        .replace(/^@aws-sdk\/client-/, '')
        .toLowerCase();
      const action = String(call.action ?? '').replace(/Command$/, '');
      const iamAction = `${service}:${action[0]?.toUpperCase()}${action.slice(1)}`;
      if (iamAction !== 'sns:SetSMSAttributes') {
        found.unmodelled.push(`${via}: its ${phase.toLowerCase()} call ${iamAction}`);
        continue;
      }
      const callVia = `${via}: its provider calls ${iamAction} on ${phase.toLowerCase()} as its role`;
      // An account setting: SNS authorises it on "*".
      found.paths.push({ via: callVia, principal: asRole, action: iamAction, resource: '*' });
      const parameters = isRecord(call.parameters) ? call.parameters : {};
      const attributes = isRecord(parameters.attributes) ? parameters.attributes : {};
      const roleArn = attributes.DeliveryStatusIAMRole;
      if (typeof roleArn === 'string' && roleArn !== '') {
        smsDeliveryStatusPaths(app, found, callVia, asRole, roleArn);
      }
    }
  }
}

/** The role SNS writes SMS delivery status with: passed to SNS, assumed by it, writing its logs. */
function smsDeliveryStatusPaths(
  app: DeployedApp,
  found: Paths,
  via: string,
  caller: Call['principal'],
  roleArn: string,
): void {
  found.paths.push({
    via: `${via}: passes the delivery-status role to SNS`,
    principal: caller,
    action: 'iam:PassRole',
    resource: roleArn,
    context: { 'iam:PassedToService': 'sns.amazonaws.com' },
  });
  const role = roleNamed(app, roleArn, `${via}: the delivery-status role`, found);
  if (!role) return;
  const sns = 'SNS, writing SMS delivery status';
  found.paths.push(
    assumeRole(`${sns}: assumes the account's delivery-status role`, 'sns.amazonaws.com', role),
  );
  const { partition, region, account } = app.env;
  for (const group of ['DirectPublishToPhoneNumber', 'DirectPublishToPhoneNumber/Failure']) {
    const stream = `arn:${partition}:logs:${region}:${account}:log-group:sns/${region}/${account}/${group}:log-stream:contract`;
    for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
      found.paths.push({
        via: `${sns}: writes log group sns/${region}/${account}/${group} as that role`,
        principal: { role: roleId(role) },
        action,
        resource: stream,
      });
    }
  }
}

/**
 * API Gateway invoking the Lambda behind each route of an HTTP API (a Lambda proxy integration),
 * for each stage of the API, as `apigateway.amazonaws.com` with the route's execute-api ARN as
 * aws:SourceArn (`<api>/<stage>/<method>/<path>`): what the function's Lambda permissions must
 * allow. An ANY route is checked for GET and POST, the methods the ops API answers.
 */
function httpApiPaths(app: DeployedApp, found: Paths): void {
  const integrations = app.resourcesOfType('AWS::ApiGatewayV2::Integration');
  const stages = app.resourcesOfType('AWS::ApiGatewayV2::Stage');
  const { partition, region, account } = app.env;
  for (const route of app.resourcesOfType('AWS::ApiGatewayV2::Route')) {
    const routeKey = String(route.properties.RouteKey ?? '');
    const apiId = String(route.properties.ApiId ?? '');
    const via = `API Gateway, for route ${routeKey} of HTTP API ${apiId}`;
    const target = String(route.properties.Target ?? '');
    const integration = integrations.find(
      (candidate) => target === `integrations/${candidate.ref}`,
    );
    if (!integration) {
      found.unmodelled.push(`${via}: its target ${target || '(none)'}`);
      continue;
    }
    const uri = String(integration.properties.IntegrationUri ?? '');
    const fn = app.functionByReference(uri);
    if (integration.properties.IntegrationType !== 'AWS_PROXY' || !fn) {
      found.unmodelled.push(`${via}: the integration ${integration.constructId} to ${uri}`);
      continue;
    }
    const [method = '', path = ''] = routeKey.split(' ');
    const methods = method === 'ANY' ? ['GET', 'POST'] : [method];
    const stageNames = stages
      .filter((stage) => stage.properties.ApiId === apiId)
      .map((stage) => String(stage.properties.StageName ?? ''));
    if (stageNames.length === 0) found.unmodelled.push(`${via}: the API has no stage`);
    for (const stage of stageNames) {
      for (const verb of methods) {
        found.paths.push({
          via: `${via}: invokes function ${fn.resource.constructId} for ${verb} on stage ${stage}`,
          principal: {
            service: 'apigateway.amazonaws.com',
            sourceArn: `arn:${partition}:execute-api:${region}:${account}:${apiId}/${stage}/${verb}${path}`,
          },
          action: 'lambda:InvokeFunction',
          resource: fn.arn,
        });
      }
    }
  }
}

/**
 * CloudFront reading the objects of each S3 origin a distribution reaches through origin access
 * control, as `cloudfront.amazonaws.com` with the distribution's ARN as aws:SourceArn: what the
 * bucket's policy (and its key's, if any) must allow. An S3 origin without one (public, or an
 * origin access identity) is not modelled.
 */
function distributionPaths(app: DeployedApp, found: Paths): void {
  const buckets = app.resourcesOfType('AWS::S3::Bucket');
  for (const distribution of app.resourcesOfType('AWS::CloudFront::Distribution')) {
    const config = isRecord(distribution.properties.DistributionConfig)
      ? distribution.properties.DistributionConfig
      : {};
    const origins = Array.isArray(config.Origins) ? config.Origins.filter(isRecord) : [];
    for (const origin of origins) {
      const domain = String(origin.DomainName ?? '');
      const bucket = buckets.find(
        (candidate) =>
          candidate.attributes.RegionalDomainName === domain ||
          candidate.attributes.DomainName === domain,
      );
      if (!bucket) continue;
      const via = `CloudFront, for distribution ${distribution.constructId}: reads bucket ${bucket.constructId}`;
      if (typeof origin.OriginAccessControlId !== 'string') {
        found.unmodelled.push(`${via} without origin access control`);
        continue;
      }
      found.paths.push({
        via,
        principal: {
          service: 'cloudfront.amazonaws.com',
          sourceArn: distribution.arn ?? distribution.ref,
        },
        action: 's3:GetObject',
        resource: `${bucket.arn}/index.html`,
      });
    }
  }
}

/**
 * A BucketDeployment's copier (a Lambda run by CloudFormation's custom resource) reading its source
 * objects, writing and pruning the destination bucket's, and invalidating the distribution, as its
 * role.
 */
function bucketDeploymentPaths(app: DeployedApp, found: Paths): void {
  const { partition } = app.env;
  for (const deployment of app.resourcesOfType('Custom::CDKBucketDeployment')) {
    const via = `CloudFormation, for bucket deployment ${deployment.constructId}: its copier`;
    const copier = app.functionByReference(String(deployment.properties.ServiceToken ?? ''));
    if (!copier?.role) {
      found.unmodelled.push(`${via}: its function or the function's role is not in the templates`);
      continue;
    }
    const principal = { role: roleId(copier.role) };
    const sources = strings(deployment.properties.SourceBucketNames);
    const keys = strings(deployment.properties.SourceObjectKeys);
    sources.forEach((bucket, index) => {
      found.paths.push({
        via: `${via} reads its source ${keys[index] ?? ''} as its role`,
        principal,
        action: 's3:GetObject',
        resource: `arn:${partition}:s3:::${bucket}/${keys[index] ?? ''}`,
      });
    });
    const destination = String(deployment.properties.DestinationBucketName ?? '');
    const object = `arn:${partition}:s3:::${destination}/index.html`;
    for (const action of ['s3:PutObject', 's3:DeleteObject']) {
      found.paths.push({
        via: `${via} writes its destination as its role`,
        principal,
        action,
        resource: object,
      });
    }
    const distributionId = deployment.properties.DistributionId;
    if (typeof distributionId === 'string') {
      const distribution = app
        .resourcesOfType('AWS::CloudFront::Distribution')
        .find((candidate) => candidate.ref === distributionId);
      found.paths.push({
        via: `${via} invalidates the distribution's cache as its role`,
        principal,
        action: 'cloudfront:CreateInvalidation',
        resource: distribution?.arn ?? distributionId,
      });
    }
  }
}

/** The call that delivers to a target or destination ARN, by its service. */
function deliver(found: Paths, via: string, principal: Call['principal'], target: string): void {
  const actions: Readonly<Record<string, string>> = {
    sqs: 'sqs:SendMessage',
    sns: 'sns:Publish',
    lambda: 'lambda:InvokeFunction',
    events: 'events:PutEvents',
    states: 'states:StartExecution',
  };
  const action = actions[serviceOf(target)];
  if (action) found.paths.push({ via, principal, action, resource: target });
  else found.unmodelled.push(`${via}: the target ${target}`);
}

function taskPath(
  app: DeployedApp,
  found: Paths,
  via: string,
  principal: Call['principal'],
  state: Record<string, unknown>,
): void {
  const resource = String(state.Resource ?? '');
  const parameters = isRecord(state.Parameters)
    ? state.Parameters
    : isRecord(state.Arguments)
      ? state.Arguments
      : {};
  const integration = /^arn:[^:]+:states:::([a-z0-9-]+):([A-Za-z]+)/.exec(resource);
  if (serviceOf(resource) === 'lambda') {
    found.paths.push({ via, principal, action: 'lambda:InvokeFunction', resource });
    return;
  }
  const target =
    integration && integrationTarget(app, integration[1] ?? '', integration[2] ?? '', parameters);
  if (target) found.paths.push({ via, principal, ...target });
  else
    found.unmodelled.push(
      `${via}: the task resource ${resource} ${JSON.stringify(parameters).slice(0, 120)}`,
    );
}

/** The call an optimized integration makes, when its target is a literal in the definition. */
function integrationTarget(
  app: DeployedApp,
  service: string,
  api: string,
  parameters: Record<string, unknown>,
): { action: string; resource: string } | undefined {
  const literal = (key: string) =>
    typeof parameters[key] === 'string' ? String(parameters[key]) : undefined;
  const action = `${service}:${api[0]?.toUpperCase()}${api.slice(1)}`;
  switch (service) {
    case 'lambda': {
      const name = literal('FunctionName');
      const arn = name && (app.functionByReference(name)?.arn ?? name);
      return api === 'invoke' && arn
        ? { action: 'lambda:InvokeFunction', resource: arn }
        : undefined;
    }
    case 'sqs': {
      const url = literal('QueueUrl');
      const arn = url && app.ownerOf(url)?.arn;
      return arn ? { action, resource: arn } : undefined;
    }
    case 'sns': {
      const arn = literal('TopicArn');
      return arn ? { action, resource: arn } : undefined;
    }
    case 'states': {
      const arn = literal('StateMachineArn');
      return arn && api === 'startExecution' ? { action, resource: arn } : undefined;
    }
    case 'dynamodb': {
      const name = literal('TableName');
      const table = app
        .resourcesOfType('AWS::DynamoDB::Table')
        .find((t) => t.ref === name || t.arn === name);
      return table?.arn ? { action, resource: table.arn } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A distributed map starts its child workflows as executions of the same state machine, and
 * describes and stops them (AWS's IAM policy for running a Distributed Map).
 */
function distributedMapPaths(
  app: DeployedApp,
  found: Paths,
  via: string,
  principal: Call['principal'],
  machine: DeployedResource,
): void {
  const machineArn = machine.arn ?? machine.ref;
  const name = machineArn.split(':')[6] ?? '';
  const { partition, region, account } = app.env;
  const execution = `arn:${partition}:states:${region}:${account}:execution:${name}:contract-check`;
  found.paths.push({ via, principal, action: 'states:StartExecution', resource: machineArn });
  for (const action of ['states:DescribeExecution', 'states:StopExecution']) {
    found.paths.push({ via, principal, action, resource: execution });
  }
}

function assumeRole(
  via: string,
  service: string,
  role: DeployedRole,
  sourceArn?: string,
): ServicePath {
  return {
    via,
    principal: sourceArn === undefined ? { service } : { service, sourceArn },
    action: 'sts:AssumeRole',
    resource: role.arn,
  };
}

/** How a path names a role: unambiguous across stacks. */
function roleId(role: DeployedRole): string {
  return `${role.resource.stack}/${role.resource.logicalId}`;
}

function roleNamed(
  app: DeployedApp,
  arn: unknown,
  owner: string,
  found: Paths,
): DeployedRole | undefined {
  const role = typeof arn === 'string' ? app.roleByArn(arn) : undefined;
  if (!role) found.unmodelled.push(`${owner}: its role ${String(arn)} is not in the templates`);
  return role;
}

function logGroupArn(app: DeployedApp, fn: DeployedFunction): string {
  const logging = fn.resource.properties.LoggingConfig;
  const custom =
    isRecord(logging) && typeof logging.LogGroup === 'string' ? logging.LogGroup : undefined;
  const name = custom ?? `/aws/lambda/${fn.name}`;
  const { partition, region, account } = app.env;
  return `arn:${partition}:logs:${region}:${account}:log-group:${name}`;
}

function definitionOf(machine: DeployedResource): { States?: unknown } | undefined {
  const { DefinitionString, Definition } = machine.properties;
  if (typeof DefinitionString === 'string') {
    const parsed: unknown = JSON.parse(DefinitionString);
    return isRecord(parsed) ? parsed : undefined;
  }
  return isRecord(Definition) ? Definition : undefined;
}

/** Visits every state, including those inside Map item processors and Parallel branches. */
function walkStates(
  states: unknown,
  visit: (name: string, state: Record<string, unknown>) => void,
): void {
  if (!isRecord(states)) return;
  for (const [name, state] of Object.entries(states)) {
    if (!isRecord(state)) continue;
    visit(name, state);
    const processor = isRecord(state.ItemProcessor) ? state.ItemProcessor : state.Iterator;
    if (isRecord(processor)) walkStates(processor.States, visit);
    const branches = Array.isArray(state.Branches) ? state.Branches : [];
    for (const branch of branches) if (isRecord(branch)) walkStates(branch.States, visit);
  }
}

function isDistributed(state: Record<string, unknown>): boolean {
  const processor = isRecord(state.ItemProcessor) ? state.ItemProcessor : {};
  const config = isRecord(processor.ProcessorConfig) ? processor.ProcessorConfig : {};
  return config.Mode === 'DISTRIBUTED';
}

function onFailureDestination(config: unknown): string | undefined {
  const onFailure = isRecord(config) ? config.OnFailure : undefined;
  const destination = isRecord(onFailure) ? onFailure.Destination : undefined;
  return typeof destination === 'string' ? destination : undefined;
}

/** The service field of an ARN (`sqs` in arn:aws:sqs:...). */
function serviceOf(arn: string): string {
  return arn.startsWith('arn:') ? (arn.split(':')[2] ?? '') : '';
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
