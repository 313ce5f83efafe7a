import { k8s } from './k8s-api';
import { toolContainer } from './s3-download';

/**
 * Init containers that make a serving pod wait for its model, bounded and with a clear log line, instead
 * of starting a server that crash-loops until training has written the model.
 */

// Polls every 15 s; says what it waits for, how long it has waited, and what to check when it gives up.
const WAIT_FOR_S3_SCRIPT = [
  'set -u; start=$(date +%s)',
  'echo "waiting for the model at $S3_URI (at most ${WAIT_SECONDS}s)"',
  'until out=$(aws s3 ls "$S3_URI" 2>&1); do',
  '  waited=$(( $(date +%s) - start ))',
  '  if [ "$waited" -ge "$WAIT_SECONDS" ]; then',
  '    echo "the model $S3_URI did not appear within ${WAIT_SECONDS}s; has its training Job succeeded? (kubectl get jobs; last S3 answer: $out)" >&2; exit 1',
  '  fi',
  '  echo "model not there yet: $S3_URI (${waited}s of ${WAIT_SECONDS}s)"; sleep 15',
  'done',
  'echo "model found: $S3_URI"',
].join('\n');

/**
 * An init container that waits until `s3Uri` exists, at most `timeoutSeconds`, logging every poll: a
 * serving pod whose model is still being trained waits with a clear message instead of crash-looping,
 * and gives up (the pod's init fails, with the reason in its log) once the bound has passed.
 */
export function waitForS3Container(name: string, image: string, s3Uri: string, timeoutSeconds: number, runAsUser: number): k8s.Container {
  return toolContainer({
    name, image, runAsUser, script: WAIT_FOR_S3_SCRIPT,
    env: { S3_URI: s3Uri, WAIT_SECONDS: String(timeoutSeconds) },
    volumeMounts: [],
  });
}

// The claim is mounted read-only at MODEL_DIR; any file in it means the training Job has saved the model.
const WAIT_FOR_FILES_SCRIPT = [
  'set -u; start=$(date +%s)',
  'echo "waiting for a model in $MODEL_DIR (at most ${WAIT_SECONDS}s)"',
  'until [ -n "$(ls -A "$MODEL_DIR" 2>/dev/null)" ]; do',
  '  waited=$(( $(date +%s) - start ))',
  '  if [ "$waited" -ge "$WAIT_SECONDS" ]; then',
  '    echo "no model in $MODEL_DIR after ${WAIT_SECONDS}s; has its training Job succeeded? (kubectl get jobs)" >&2; exit 1',
  '  fi',
  '  echo "no model in $MODEL_DIR yet (${waited}s of ${WAIT_SECONDS}s)"; sleep 15',
  'done',
  'echo "model found in $MODEL_DIR"',
].join('\n');

/** An init container that waits until the claim volume `volumeName` holds a file, at most `timeoutSeconds`. */
export function waitForFilesContainer(name: string, image: string, volumeName: string, modelDir: string, timeoutSeconds: number,
  runAsUser: number): k8s.Container {
  return toolContainer({
    name, image, runAsUser, script: WAIT_FOR_FILES_SCRIPT,
    env: { MODEL_DIR: modelDir, WAIT_SECONDS: String(timeoutSeconds) },
    volumeMounts: [{ name: volumeName, mountPath: modelDir, readOnly: true }],
  });
}
