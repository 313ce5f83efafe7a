/**
 * The scale benchmark's app: a config file of BENCH_MODELS models (default 500), made by repeating the two models
 * of mlops.config.yaml under new names, read by MlopsConfig exactly as `cdk synth -c config=<file>` reads a file,
 * hosted by MlPlatformApp (shared stack + model stacks) and rendered as one ModelServingChart per model.
 *
 *   BENCH_MODELS=500 npx cdk synth --quiet --app 'node --import tsx bench/scale-app.ts' --output <dir>
 *
 * bench/synth-bench.mjs --fixture <dir> 'node --import tsx bench/scale-app.ts' writes what bench/l1-app.ts
 * declares with L1 constructs only, the baseline of docs/benchmarks.md's scale table.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import * as cdk8s from 'cdk8s';
import { parse, stringify } from 'yaml';
import { MlopsConfig } from '../lib/config/mlops-config';
import { MlPlatformApp } from '../lib/ml-platform-app';
import { ModelServingChart } from '../lib/model-serving-chart';

const count = Number(process.env.BENCH_MODELS ?? 500);
const referenceFile = path.join(__dirname, '..', 'mlops.config.yaml');
const reference = parse(fs.readFileSync(referenceFile, 'utf8'));
const models = Array.from({ length: count }, (_, i) => {
  const base = reference.models[i % reference.models.length];
  return { ...base, name: `${base.name}-${i}` };
});
// Parsed as a file next to the reference one, so relative build contexts (`image: build: container`) resolve alike.
const config = MlopsConfig.fromYaml(stringify({ ...reference, models }, { aliasDuplicateObjects: false }), referenceFile);
const [environment] = config.environments;
const definitions = config.modelsFor(environment);

const app = new App();
// Kubernetes first, built, written and dropped before the CDK tree exists: cdk8s works on a small heap, and its
// objects are garbage by the time the CDK synth peaks.
synthesizeKubernetes(path.join(app.outdir, 'k8s'));
new MlPlatformApp(app, 'Platform', { models: definitions, env: { region: environment.region } });
app.synth();

function synthesizeKubernetes(outdir: string): void {
  const k8sApp = new cdk8s.App({ outdir, outputFileExtension: '.k8s.yaml' });
  const namespaceSecurityProfile = ModelServingChart.namespaceSecurityProfileFor(definitions);
  definitions.forEach((model, i) => new ModelServingChart(k8sApp, model.name, {
    model, namespace: environment.kubernetesNamespace, createNamespace: i === 0, namespaceSecurityProfile,
  }));
  k8sApp.synth();
}
