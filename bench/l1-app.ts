/**
 * Baseline for the synth benchmark: a CDK app that declares exactly the reference platform's
 * CloudFormation resources (every stack, with its exports) and Kubernetes objects with L1 building blocks only (`CfnResource`,
 * cdk8s `ApiObject`) and none of cdk-mlops' logic. The resource list is read from a synth of the
 * reference app made by bench/synth-bench.mjs just before timing (BENCH_FIXTURE_DIR), so both apps
 * always declare the same resources.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnOutput, CfnResource, Stack } from 'aws-cdk-lib';
import * as cdk8s from 'cdk8s';

const fixtureDir = process.env.BENCH_FIXTURE_DIR;
if (!fixtureDir) throw new Error('BENCH_FIXTURE_DIR is not set: run bench/synth-bench.mjs');
const manifests: Record<string, Record<string, unknown>[]> = JSON.parse(fs.readFileSync(path.join(fixtureDir, 'k8s.json'), 'utf8'));
const templates = fs.readdirSync(fixtureDir).filter((f) => f.endsWith('.template.json')).sort();

const app = new App();
for (const file of templates) {
  const template = JSON.parse(fs.readFileSync(path.join(fixtureDir, file), 'utf8'));
  if (template.Mappings) throw new Error('the baseline does not declare Mappings; extend it if the reference app gains some');
  const stack = new Stack(app, file.replace('.template.json', ''), { env: { region: 'us-east-1' }, description: template.Description });
  for (const [logicalId, resource] of Object.entries<{ Type: string; Properties?: Record<string, unknown> }>(template.Resources)) {
    if (resource.Type === 'AWS::CDK::Metadata') continue;
    new CfnResource(stack, logicalId, { type: resource.Type, properties: resource.Properties }).overrideLogicalId(logicalId);
  }
  for (const [name, output] of Object.entries<{ Value: unknown; Export?: { Name: string } }>(template.Outputs ?? {})) {
    new CfnOutput(stack, name, { value: output.Value as string, exportName: output.Export?.Name }).overrideLogicalId(name);
  }
}

const k8sApp = new cdk8s.App({ outdir: path.join(app.outdir, 'k8s'), outputFileExtension: '.k8s.yaml' });
for (const [chartId, objects] of Object.entries(manifests)) {
  const chart = new cdk8s.Chart(k8sApp, chartId);
  objects.forEach((obj, i) => new cdk8s.ApiObject(chart, `o${i}`, obj as unknown as cdk8s.ApiObjectProps));
}
// The same order as bin/mlops-platform.ts and bench/scale-app.ts.
k8sApp.synth();
app.synth();
