import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** `npm run synth:k8s` shows each Kubernetes warning once, in the one format PropsCheck.warn writes. */
test('bin/k8s-app.ts prints every warning exactly once', () => {
  const root = path.join(__dirname, '..', '..');
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-k8s-warnings-'));
  // execFileSync returns stdout only; stderr is read from a file so the run's output is not lost on success.
  const stderrFile = path.join(outdir, 'stderr.txt');
  const fd = fs.openSync(stderrFile, 'w');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'bin', 'k8s-app.ts')], {
    cwd: root, env: { ...process.env, CDK8S_OUTDIR: outdir }, stdio: ['ignore', 'ignore', fd],
  });
  fs.closeSync(fd);
  const lines = fs.readFileSync(stderrFile, 'utf8').split('\n').filter((l) => l.startsWith('[Warning at '));
  // The reference platform has two: digits' quality gate and vision-gpu's spot wait are SageMaker-only.
  expect(lines.filter((l) => l.includes('training.qualityGate (test:accuracy) is checked on SageMaker only'))).toHaveLength(1);
  expect(lines.filter((l) => l.includes('training.spotMaxWait is SageMaker managed spot'))).toHaveLength(1);
  const messages = lines.map((l) => l.replace(/^\[Warning at [^\]]+\] /, ''));
  expect(new Set(messages).size).toBe(messages.length);
  expect(lines.every((l) => / \[ack: cdk-mlops:[a-z-]+\]$/.test(l))).toBe(true);
});
