import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Writes `text` to a fresh temporary folder as `name` and returns the path (build contexts resolve next to it). */
export function writeConfig(text: string, name = 'mlops.config.yaml'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-config-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The repository root. */
export const ROOT = path.join(__dirname, '..', '..');
