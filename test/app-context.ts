import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AppProps } from 'aws-cdk-lib';

/** The context (feature flags) of cdk.json, so tests build the app exactly as `cdk synth` does. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8'));
  return cdkJson.context ?? {};
}

/** A CDK App with cdk.json's context, writing to a fresh temporary directory. */
export function appWithCdkJsonContext(props: AppProps = {}): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-test-'));
  return new App({ outdir, ...props, context: { ...cdkJsonContext(), ...(props.context ?? {}) } });
}
