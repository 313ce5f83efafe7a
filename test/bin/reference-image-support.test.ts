/** Ageing made visible: every image the reference platform runs has a support date that has not passed. */
import * as fs from 'fs';
import * as path from 'path';
import { REFERENCE_CONFIG, REFERENCE_IMAGE_SUPPORT } from '../../bin/reference-models';

const ROOT = path.join(__dirname, '..', '..');
const today = new Date().toISOString().slice(0, 10); // a test may read the clock; synth never does

/** `repository:tag` of every Deep Learning Container in the reference config. */
function referenceDlcImages(): string[] {
  const text = fs.readFileSync(REFERENCE_CONFIG, 'utf8');
  const images: string[] = [];
  const re = /deepLearningContainer:\s*\n\s*repository:\s*(\S+)\s*\n\s*tag:\s*(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) images.push(`${m[1]}:${m[2]}`);
  return images;
}

test('the table covers every DLC of the reference config, the container base image and the handler runtime', () => {
  const listed = REFERENCE_IMAGE_SUPPORT.map((e) => e.image);
  const dlcs = referenceDlcImages();
  expect(dlcs.length).toBeGreaterThanOrEqual(2);
  const bases = [...fs.readFileSync(path.join(ROOT, 'container', 'Dockerfile'), 'utf8').matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
  const runtime = /lambda\.Runtime\.NODEJS_(\d+)_X/.exec(fs.readFileSync(path.join(ROOT, 'constructs/training/private/training-job-provider.ts'), 'utf8'))?.[1];
  const needed = [...dlcs, ...bases.filter((b) => b.endsWith('-slim')), `lambda:nodejs${runtime}.x`];
  expect(needed.filter((image) => !listed.includes(image))).toEqual([]);
  // The build stage uses the same Node major as the runtime stage.
  expect(new Set(bases.map((b) => /^node:(\d+)/.exec(b)?.[1])).size).toBe(1);
});

test.each(REFERENCE_IMAGE_SUPPORT.map((e) => [e.image, e]))('%s is still supported (or inside its dated, reasoned exception)', (_image, entry) => {
  expect(entry.supportedUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  if (entry.supportedUntil >= today) return;
  // Past end of support: only with a written reason and a hard date, which must not have passed either.
  expect({ image: entry.image, why: (entry.why ?? '').length > 40, acceptedUntil: entry.acceptedUntil })
    .toEqual({ image: entry.image, why: true, acceptedUntil: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  expect(`${entry.image} accepted until ${entry.acceptedUntil}`).toBe(`${entry.image} accepted until ${entry.acceptedUntil! >= today ? entry.acceptedUntil : `(expired: it is ${today})`}`);
});
