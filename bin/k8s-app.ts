#!/usr/bin/env node
/**
 * The Kubernetes side of the reference platform alone, the cdk8s way (`cdk8s synth` with cdk8s.yaml, or
 * `npm run synth:k8s`): writes `dist/*.k8s.yaml` (or `$CDK8S_OUTDIR`), the same files `cdk synth` writes to
 * `cdk.out/k8s/`, without synthesizing CloudFormation. Context comes from cdk.json's `context`, as for
 * `cdk synth` without `-c`; `MLOPS_CONTEXT='{"gitRepoUrl":"https://..."}'` adds to it.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import { MlopsConfig } from '../lib/config/mlops-config';
import { buildReferenceCharts } from './reference-charts';
import { REFERENCE_CONFIG } from './reference-models';

const root = path.join(__dirname, '..');
const context: { [key: string]: unknown } = {
  ...(JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')).context ?? {}),
  ...(process.env.MLOPS_CONTEXT ? JSON.parse(process.env.MLOPS_CONTEXT) : {}),
};
const config = MlopsConfig.fromFile((context.config as string | undefined) ?? REFERENCE_CONFIG);
// cdk8s' own default: $CDK8S_OUTDIR (set by `cdk8s synth`), else dist/.
const k8sApp = new cdk8s.App({ outdir: process.env.CDK8S_OUTDIR ?? path.join(root, 'dist'), outputFileExtension: '.k8s.yaml' });
// Warnings are printed by the constructs themselves (PropsCheck.warn writes those outside any stack to stderr),
// as under `cdk synth`; printing `chart.warnings` here as well showed each one twice.
buildReferenceCharts(k8sApp, config, (key) => context[key]);
k8sApp.synth();
