#!/usr/bin/env node
/**
 * The reference ML platform: `npx cdk synth` writes CloudFormation to cdk.out/ and the same models'
 * Kubernetes manifests to cdk.out/k8s/. Offline and deterministic: no AWS account, no lookups.
 */
import { App } from 'aws-cdk-lib';
import { buildReferenceApp } from './reference-app';

const app = new App();
const { k8sApp } = buildReferenceApp(app);
app.synth();
k8sApp.synth();
