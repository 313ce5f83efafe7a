import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { uploadTrainingData } from '../../scripts/upload-training-data';

/** Against a real S3 server (s3rver on loopback): keys, contents, idempotent re-runs, data versions. */
describe('upload-training-data against s3rver', () => {
  const bucket = 'ml-data';
  let server: S3rver;
  let client: S3Client;
  let dataDir: string;

  beforeAll(async () => {
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-')) });
    const { port } = await server.run();
    client = new S3Client({
      endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'channels-'));
    for (const [channel, rows] of [['train', '1,0.5,0.25\n0,0.1,0.9\n'], ['validation', '1,0.4,0.3\n'], ['test', '0,0.2,0.8\n']]) {
      fs.mkdirSync(path.join(dataDir, channel));
      fs.writeFileSync(path.join(dataDir, channel, `${channel}.csv`), rows);
    }
    fs.writeFileSync(path.join(dataDir, 'README.txt'), 'not a channel');
    fs.writeFileSync(path.join(dataDir, 'train', '.hidden'), 'skipped');
  });

  afterAll(async () => { client?.destroy(); await server?.close(); });

  const keys = async () => ((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key).sort();

  test('GIVEN channel folders WHEN uploaded THEN each file lands under <model>/<channel>/ with its content', async () => {
    const result = await uploadTrainingData({ client, bucket, model: 'digits', dataDir });
    expect(result.uploaded.sort()).toEqual(['digits/test/test.csv', 'digits/train/train.csv', 'digits/validation/validation.csv']);
    expect(await keys()).toEqual([`digits/_manifests/${result.dataVersion}`, 'digits/test/test.csv', 'digits/train/train.csv', 'digits/validation/validation.csv']);
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'digits/train/train.csv' }));
    expect(await object.Body!.transformToString()).toBe('1,0.5,0.25\n0,0.1,0.9\n');
    expect(object.ContentType).toBe('text/csv');
    expect(result.dataVersion).toMatch(/^[0-9a-f]{16}$/);
  });

  test('a re-run with the same data uploads nothing and keeps the data version', async () => {
    const first = await uploadTrainingData({ client, bucket, model: 'digits', dataDir });
    expect(first.uploaded).toEqual([]);
    expect(first.unchanged).toHaveLength(3);
    const again = await uploadTrainingData({ client, bucket, model: 'digits', dataDir });
    expect(again.dataVersion).toBe(first.dataVersion);
  });

  test('a changed file is the only upload and gives a new data version (a new retrainTrigger)', async () => {
    const before = await uploadTrainingData({ client, bucket, model: 'digits', dataDir });
    fs.appendFileSync(path.join(dataDir, 'validation', 'validation.csv'), '0,0.3,0.7\n');
    const after = await uploadTrainingData({ client, bucket, model: 'digits', dataDir });
    expect(after.uploaded).toEqual(['digits/validation/validation.csv']);
    expect(after.dataVersion).not.toBe(before.dataVersion);
  });

  test('the manifest is written last, once per data version, naming every file: one pipeline run per upload', async () => {
    const order: string[] = [];
    const recording = { send: (command: { input: { Key?: string } }) => {
      if (command.constructor.name === 'PutObjectCommand') order.push(command.input.Key!);
      return client.send(command as never);
    } } as unknown as S3Client;
    const changed = fs.mkdtempSync(path.join(os.tmpdir(), 'channels-'));
    for (let i = 0; i < 5; i++) {
      fs.mkdirSync(path.join(changed, `c${i}`));
      fs.writeFileSync(path.join(changed, `c${i}`, 'rows.csv'), `${i},0.5\n`);
    }
    const first = await uploadTrainingData({ client: recording, bucket, model: 'manifested', dataDir: changed });
    expect(first.manifestWritten).toBe(true);
    expect(order).toHaveLength(6);
    expect(order[order.length - 1]).toBe(`manifested/_manifests/${first.dataVersion}`);
    expect(first.manifestKey).toBe(`manifested/_manifests/${first.dataVersion}`);
    const manifest = JSON.parse(await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: first.manifestKey }))).Body!.transformToString());
    expect(manifest).toMatchObject({ model: 'manifested', dataVersion: first.dataVersion });
    expect(manifest.files.map((f: { key: string }) => f.key)).toEqual(order.slice(0, 5));

    const again = await uploadTrainingData({ client: recording, bucket, model: 'manifested', dataDir: changed });
    expect(again.manifestWritten).toBe(false);
    expect(order).toHaveLength(6); // nothing uploaded, no second manifest: no second run
  });

  test('bad input: a local folder named like the manifest folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'channels-'));
    fs.mkdirSync(path.join(dir, '_manifests'));
    fs.writeFileSync(path.join(dir, '_manifests', 'x.csv'), '1\n');
    await expect(uploadTrainingData({ client, bucket, model: 'digits', dataDir: dir })).rejects.toThrow(/"_manifests" is not a channel name/);
  });

  test('bad input: an invalid model name or a directory without channels', async () => {
    await expect(uploadTrainingData({ client, bucket, model: 'Digits_1', dataDir })).rejects.toThrow(/--model "Digits_1": must be the model's name/);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'empty-'));
    await expect(uploadTrainingData({ client, bucket, model: 'digits', dataDir: empty })).rejects.toThrow(/no files under <channel>\/ sub-directories/);
  });
});
