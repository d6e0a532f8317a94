'use strict';
/**
 * aws-xray-sdk-core as a Lambda bundle needs it: what Powertools' Tracer calls (segments, capture,
 * the AWS SDK v3 patcher, the Lambda environment), without the SDK v2 patcher and its semver, the
 * http/promise patchers, the SQL data class and the EC2/ECS/Beanstalk plugins, which every bundle
 * would carry and load otherwise. The Lambda bundles alias `aws-xray-sdk-core` to this file
 * (infra/lambda-bundling.ts); tests and local runs import the package itself. The modules are
 * reached by relative path, since an alias would rewrite the package's own subpaths too.
 * Measured: docs/performance.md, "Powertools".
 */
const contextUtils = require('../../node_modules/aws-xray-sdk-core/dist/lib/context_utils.js');
const logging = require('../../node_modules/aws-xray-sdk-core/dist/lib/logger.js');
const segmentUtils = require('../../node_modules/aws-xray-sdk-core/dist/lib/segments/segment_utils.js');
const capture = require('../../node_modules/aws-xray-sdk-core/dist/lib/capture.js');
const aws3 = require('../../node_modules/aws-xray-sdk-core/dist/lib/patchers/aws3_p.js');
const daemonConfig = require('../../node_modules/aws-xray-sdk-core/dist/lib/daemon_config.js');
const LambdaEnv = require('../../node_modules/aws-xray-sdk-core/dist/lib/env/aws_lambda.js');
const { version } = require('../../node_modules/aws-xray-sdk-core/package.json');

/** What this bundle leaves out, called anyway: a clear error rather than a missing function. */
const leftOut = (what) => () => {
  throw new Error(
    `${what} is not in the Lambda bundle's X-Ray SDK (infra/bundling/xray-sdk-lambda.cjs)`,
  );
};

const AWSXRay = {
  setLogger: logging.setLogger,
  getLogger: logging.getLogger,
  setDaemonAddress: daemonConfig.setDaemonAddress,
  captureFunc: capture.captureFunc,
  captureAsyncFunc: capture.captureAsyncFunc,
  captureCallbackFunc: capture.captureCallbackFunc,
  captureAWSv3Client: aws3.captureAWSClient,
  captureAWS: leftOut('captureAWS (AWS SDK v2)'),
  captureAWSClient: leftOut('captureAWSClient (AWS SDK v2)'),
  captureHTTPs: leftOut('captureHTTPs'),
  captureHTTPsGlobal: leftOut('captureHTTPsGlobal'),
  getNamespace: contextUtils.getNamespace,
  resolveSegment: contextUtils.resolveSegment,
  getSegment: contextUtils.getSegment,
  setSegment: contextUtils.setSegment,
  isAutomaticMode: contextUtils.isAutomaticMode,
  enableAutomaticMode: contextUtils.enableAutomaticMode,
  enableManualMode: contextUtils.enableManualMode,
  setContextMissingStrategy: contextUtils.setContextMissingStrategy,
  Segment: require('../../node_modules/aws-xray-sdk-core/dist/lib/segments/segment.js'),
  Subsegment: require('../../node_modules/aws-xray-sdk-core/dist/lib/segments/attributes/subsegment.js'),
  SegmentUtils: segmentUtils,
};

// As the package's entry does on load.
segmentUtils.setSDKData({
  sdk: 'X-Ray for Node.js',
  sdk_version: version,
  package: 'aws-xray-sdk-core',
});
segmentUtils.setServiceData({
  runtime: process.release?.name ?? 'unknown',
  runtime_version: process.version,
  version: 'unknown',
  name: 'unknown',
});
if (process.env.LAMBDA_TASK_ROOT) LambdaEnv.init();

module.exports = AWSXRay;
