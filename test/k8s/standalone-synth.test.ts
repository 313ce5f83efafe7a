import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildReferenceApp } from '../../bin/reference-app';
import { appWithCdkJsonContext } from '../app-context';

/** `npm run synth:k8s` (bin/k8s-app.ts, the cdk8s way) writes exactly the files `cdk synth` writes to cdk.out/k8s/. */
describe('standalone Kubernetes synth', () => {
  const root = path.join(__dirname, '..', '..');

  test('bin/k8s-app.ts writes the same *.k8s.yaml files, byte for byte, as the CDK app', () => {
    // GIVEN the CDK app's Kubernetes output
    const app = appWithCdkJsonContext();
    const { k8sApp } = buildReferenceApp(app);
    k8sApp.synth();
    const cdkDir = path.join(app.outdir, 'k8s');
    // WHEN the standalone entry runs
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-k8s-'));
    execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'bin', 'k8s-app.ts')], {
      cwd: root, env: { ...process.env, CDK8S_OUTDIR: outdir }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    // THEN
    const files = fs.readdirSync(outdir).sort();
    expect(files).toEqual(['argocd.k8s.yaml', 'cluster.k8s.yaml', 'digits.k8s.yaml', 'vision-gpu.k8s.yaml']);
    expect(fs.readdirSync(cdkDir).sort()).toEqual(files);
    for (const file of files) {
      expect(fs.readFileSync(path.join(outdir, file), 'utf8')).toBe(fs.readFileSync(path.join(cdkDir, file), 'utf8'));
    }
  });

  test('cdk8s.yaml runs the same entry and writes dist/', () => {
    const cdk8sYaml = fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8');
    expect(cdk8sYaml).toMatch(/^app: node --import tsx bin\/k8s-app\.ts$/m);
    expect(cdk8sYaml).toMatch(/^output: dist$/m);
    const scripts = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;
    expect(scripts['synth:k8s']).toBe('node --import tsx bin/k8s-app.ts');
  });
});
