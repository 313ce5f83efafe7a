/**
 * Uploads a model's training channels to the platform's data bucket, where its training job reads them:
 * every file under `<dir>/<channel>/` goes to `s3://<bucket>/<model>/<channel>/<file>`. Objects whose
 * content is already there (same MD5 ETag) are skipped, so a re-run uploads only what changed. Prints
 * the data version (a hash of every file's path and content) to pass as the training job's
 * `retrainTrigger` (reference app: `npx cdk deploy MlPlatform -c dataVersion:<model>=<version>`): new data →
 * a new training job. Last of all it writes a manifest, `<model>/_manifests/<data version>` (the files and
 * their MD5s): the training pipeline's new-data trigger listens to that folder only, so an upload of
 * 10,000 files starts ONE pipeline run, after every file is in place, with the data version in its input.
 * An unchanged data version writes no new manifest (no run for data already seen).
 *
 *   npx tsx scripts/upload-training-data.ts --bucket <DataBucket> --model digits --dir container/.local/mnist
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { MANIFEST_FOLDER } from '../constructs/pipeline/pipeline-states';
import { MODEL_NAME_ALLOWED, MODEL_NAME_PATTERN } from '../lib/private/model-name';

/** What to upload and where. */
export interface UploadOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** The model's name: the key prefix its training job reads (`<model>/<channel>/`). */
  readonly model: string;
  /** A directory with one sub-directory per channel (`train/`, `validation/`, `test/`). */
  readonly dataDir: string;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** What happened. */
export interface UploadResult {
  readonly uploaded: string[];
  readonly unchanged: string[];
  /** First 16 hex digits of the SHA-256 over every file's channel-relative path and content. */
  readonly dataVersion: string;
  /** `<model>/_manifests/<dataVersion>`, written after every data file. */
  readonly manifestKey: string;
  /** False when that manifest already existed (the same data was uploaded before): no new pipeline run. */
  readonly manifestWritten: boolean;
}

export async function uploadTrainingData(options: UploadOptions): Promise<UploadResult> {
  const { client, bucket, model, dataDir, log = () => undefined } = options;
  if (!MODEL_NAME_PATTERN.test(model)) throw new Error(`--model ${JSON.stringify(model)}: must be the model's name: it ${MODEL_NAME_ALLOWED}`);
  const files = listFiles(dataDir);
  if (files.length === 0) throw new Error(`--dir ${dataDir}: no files under <channel>/ sub-directories (expected e.g. train/train.csv)`);
  if (files.some((f) => f.split(path.sep)[0] === MANIFEST_FOLDER)) {
    throw new Error(`--dir ${dataDir}: "${MANIFEST_FOLDER}" is not a channel name: the script writes the data manifests there`);
  }

  const version = createHash('sha256');
  const uploaded: string[] = [];
  const unchanged: string[] = [];
  const manifestFiles: Array<{ key: string; md5: string; bytes: number }> = [];
  for (const relative of files) {
    const body = readFileSync(path.join(dataDir, relative));
    version.update(relative).update('\0').update(body);
    const key = `${model}/${relative.split(path.sep).join('/')}`;
    const md5 = createHash('md5').update(body).digest('hex');
    manifestFiles.push({ key, md5, bytes: body.length });
    if ((await etagOf(client, bucket, key)) === md5) {
      unchanged.push(key);
      continue;
    }
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType(relative) }));
    uploaded.push(key);
    log(`uploaded s3://${bucket}/${key} (${body.length} bytes)`);
  }
  const dataVersion = version.digest('hex').slice(0, 16);
  log(`${uploaded.length} uploaded, ${unchanged.length} unchanged; data version ${dataVersion}`);

  // Last, and only once per data version: its Object Created event is what starts the pipeline.
  const manifestKey = `${model}/${MANIFEST_FOLDER}/${dataVersion}`;
  const manifestWritten = (await etagOf(client, bucket, manifestKey)) === undefined;
  if (manifestWritten) {
    const manifest = { model, dataVersion, files: manifestFiles };
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: manifestKey, Body: `${JSON.stringify(manifest, null, 2)}\n`, ContentType: 'application/json' }));
    log(`wrote manifest s3://${bucket}/${manifestKey}`);
  } else {
    log(`manifest s3://${bucket}/${manifestKey} exists: this data version was uploaded before`);
  }
  return { uploaded, unchanged, dataVersion, manifestKey, manifestWritten };
}

/** Files below `<dir>/<channel>/`, channel-relative paths, sorted; hidden files are skipped. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (relative: string) => {
    for (const name of readdirSync(path.join(dir, relative)).sort()) {
      if (name.startsWith('.')) continue;
      const child = path.join(relative, name);
      if (statSync(path.join(dir, child)).isDirectory()) walk(child);
      else if (relative !== '') out.push(child); // top-level files belong to no channel
    }
  };
  walk('');
  return out;
}

async function etagOf(client: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return head.ETag?.replace(/"/g, '');
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404 || (error as Error).name === 'NotFound') return undefined;
    throw error;
  }
}

function contentType(file: string): string {
  if (file.endsWith('.csv')) return 'text/csv';
  if (file.endsWith('.json') || file.endsWith('.jsonl')) return 'application/json';
  return 'application/octet-stream';
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

if (require.main === module) {
  const bucket = argument('bucket');
  const model = argument('model');
  const dataDir = argument('dir');
  if (!bucket || !model || !dataDir) {
    console.error('usage: npx tsx scripts/upload-training-data.ts --bucket <DataBucket> --model <name> --dir <dir with channel folders> [--region <region>]');
    process.exit(2);
  }
  uploadTrainingData({ client: new S3Client({ region: argument('region') }), bucket, model, dataDir, log: console.log })
    .then((r) => console.log(`data version: ${r.dataVersion}\n`
      + (r.manifestWritten ? `the training pipeline's new-data trigger starts a run on ${r.manifestKey}\n` : '')
      + `or retrain at deploy time: npx cdk deploy MlPlatform -c dataVersion:${model}=${r.dataVersion}`))
    .catch((error: Error) => { console.error(`upload failed: ${error.message}`); process.exit(1); });
}
