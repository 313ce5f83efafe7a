/**
 * A local stand-in for S3: `s3://bucket/key` is the file `<root>/bucket/key`. Enough for the loop,
 * whose steps pass S3 URIs around exactly as on AWS (channels, model artifacts, baselines, capture).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export class LocalS3 {
  constructor(public readonly root: string) {}

  /** The local path of an `s3://` URI (a prefix becomes a directory). */
  public pathOf(uri: string): string {
    const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
    if (!m) throw new Error(`local S3: not an s3:// URI: ${uri}`);
    const key = m[2].replace(/\/+$/, '');
    const local = path.resolve(this.root, m[1], key);
    if (!local.startsWith(path.resolve(this.root))) throw new Error(`local S3: ${uri} leaves the bucket root`);
    return local;
  }

  /** Writes an object. */
  public put(uri: string, body: string): void {
    const file = this.pathOf(uri);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body);
  }

  /** Reads an object as text. */
  public get(uri: string): string {
    return fs.readFileSync(this.pathOf(uri), 'utf8');
  }
}
