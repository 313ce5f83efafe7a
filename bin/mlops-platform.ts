#!/usr/bin/env node
/**
 * The reference ML platform: `npx cdk synth` writes CloudFormation to cdk.out/ and the same models'
 * Kubernetes manifests to cdk.out/k8s/. Offline and deterministic: no AWS account, no lookups.
 */
import { App, Validations } from 'aws-cdk-lib';
import { buildReferenceApp } from './reference-app';

const app = new App();
// `-c nag=true` (the delivery pipeline's synth step, docs/cicd.md): any cdk-nag finding (AwsSolutions, NIST 800-53 R5)
// that is not acknowledged with a reason fails the synth. Loaded only then: cdk-nag is a dev dependency.
if (String(app.node.tryGetContext('nag')) === 'true') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nag = require('cdk-nag') as typeof import('cdk-nag');
  Validations.of(app).addPlugins(new nag.AwsSolutionsChecks(app), new nag.NIST80053R5Checks(app));
}
const { k8sApp, config } = buildReferenceApp(app);
// What the config left to the defaults, so a short file (e.g. examples/article.config.yaml) shows what it means.
if (config.assumptions.length > 0) console.error(`${config.file}: assumed\n${config.assumptions.map((a) => `  ${a}`).join('\n')}`);
// Kubernetes first, while the heap is small: the garbage the CDK synth leaves makes cdk8s's synth slower
// (3x at 500 models). app.synth() keeps the k8s/ folder it finds in its output directory.
k8sApp.synth();
app.synth();
