/**
 * `npm run demo:loop`: the continuous-training loop of the reference platform, on this machine.
 *
 * 1. Synthesizes the reference platform (bin/reference-app.ts, exactly what `cdk synth` builds) and takes
 *    the `digits` model's TrainingPipeline definition, its trigger rules and its Model Monitor baseline
 *    locations from the CloudFormation template.
 * 2. Runs that definition with aws-local-stepfunctions, every AWS task replaced by a local one
 *    (scripts/demo-loop/): the reference container trains on real MNIST digits and serves behind a
 *    recording proxy (the data capture); the registry is a JSON file; the monitor compares captured
 *    requests with the baseline the pipeline computed.
 * 3. Tells the story: v1 deployed → traffic shifts → drift → a retrain starts by itself → v2 deployed →
 *    a corrupted candidate is rejected → v2 keeps serving. Exits 0 only if all of that happened.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildReferenceApp } from '../bin/reference-app';
import { CONTAINER_ROOT } from './demo-loop/container-process';
import { runLoop } from './demo-loop/run-loop';
import { CfnTemplate } from './state-machine-asl';

const MODEL = 'digits';

/** The reference platform's templates, synthesized offline into a temporary directory. */
function synthesizeReferencePlatform(): Array<{ stackName: string; template: CfnTemplate }> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')) as { context?: { [key: string]: unknown } };
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-demo-loop-'));
  try {
    const app = new App({ outdir, context: cdkJson.context ?? {} });
    buildReferenceApp(app);
    const assembly = app.synth();
    return assembly.stacks.map((s) => ({ stackName: s.stackName, template: s.template as CfnTemplate }));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const log = (line: string) => console.log(line);
  log('loop: synthesizing the reference platform (bin/reference-app.ts) ...');
  const stacks = synthesizeReferencePlatform();
  const withPipeline = stacks.filter((s) => Object.values(s.template.Resources ?? {}).some((r) => r.Type === 'AWS::StepFunctions::StateMachine'
    && JSON.stringify(r.Properties?.DefinitionString ?? '').includes(`/${MODEL}/`)));
  if (withPipeline.length === 0) {
    console.error(`loop: no stack of the reference platform has a training pipeline for "${MODEL}" (stacks: ${stacks.map((s) => s.stackName).join(', ')})`);
    return 1;
  }
  log(`loop: stack ${withPipeline[0].stackName} synthesized in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const result = await runLoop(withPipeline[0].template, {
    workDir: path.join(CONTAINER_ROOT, '.local', 'demo-loop'),
    model: MODEL,
    log,
  });
  log(`loop: ${result.failures.length === 0 ? 'the story happened' : `${result.failures.length} step(s) did not happen: ${result.failures.join('; ')}`}`
    + ` (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(result.summary);
  return result.failures.length === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (e: Error) => {
  console.error(`loop: failed: ${e.stack ?? e.message}`);
  process.exit(1);
});
