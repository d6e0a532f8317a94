import { App } from 'aws-cdk-lib';
import { buildApp } from './build-app.ts';

// The CDK app's entry (cdk.json). The CLI synthesises it when the process exits.
buildApp(new App());
