import { App } from 'aws-cdk-lib';
import { buildApp } from '../build-app.ts';
const t0 = performance.now();
const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, outdir: '/tmp/cx/out' });
buildApp(app);
const asm = app.synth();
console.log('ms', performance.now() - t0, asm.stacks.map((s) => s.stackName));
