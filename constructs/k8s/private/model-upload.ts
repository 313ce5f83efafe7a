import { k8s } from './k8s-api';
import { toolContainer } from './s3-download';

/**
 * The upload of a trained model to S3, as SageMaker does it: `/opt/ml/model` packed into `model.tar.gz`
 * and copied to `<output prefix><job name>/output/model.tar.gz`.
 *
 * Kubernetes 1.27 has no native sidecars (init containers with `restartPolicy: Always` came in 1.28), so
 * a Job cannot run a step after its main container. The training therefore runs as the last init
 * container, a packing init container follows it, and the upload is the Job's main container: it starts
 * only when training has succeeded, and the Job succeeds only when the model is in S3. This works the
 * same on every Kubernetes version from 1.27 to 1.34.
 */

/** Where the archive is written between packing and upload (an emptyDir, not the read-only root). */
export const ARCHIVE_DIR = '/opt/ml/upload';
const ARCHIVE = `${ARCHIVE_DIR}/model.tar.gz`;

// Only rank 0 saves and uploads, as SageMaker's distributed recipes save on the first host only.
const SKIP_OTHER_RANKS = 'if [ "${RANK:-0}" != "0" ]; then echo "rank $RANK: rank 0 uploads the model"; exit 0; fi';
const PACK_SCRIPT = [
  'set -eu', SKIP_OTHER_RANKS,
  'if [ -z "$(ls -A "$MODEL_DIR")" ]; then echo "training wrote nothing to $MODEL_DIR: no model to upload" >&2; exit 1; fi',
  'tar -czf "$ARCHIVE" -C "$MODEL_DIR" .',
  'echo "packed $MODEL_DIR into $ARCHIVE ($(wc -c < "$ARCHIVE") bytes)"',
].join('\n');
const UPLOAD_SCRIPT = [
  'set -eu', SKIP_OTHER_RANKS,
  // Write-once, like a SageMaker job name: a run re-created with the same name (its Job deleted by the TTL, then
  // re-applied by a GitOps sync) must not swap the model under the pods already serving it.
  'if aws s3 ls "$MODEL_S3_URI" > /dev/null 2>&1; then echo "a model is already at $MODEL_S3_URI: left as it is (this run\'s name was trained before)"; exit 0; fi',
  'aws s3 cp --only-show-errors "$ARCHIVE" "$MODEL_S3_URI"',
  'echo "uploaded the model to $MODEL_S3_URI"',
].join('\n');

/** What the packing and upload containers need. */
export interface ModelUploadOptions {
  /** `s3://…/model.tar.gz` the model is uploaded to. */
  readonly modelS3Uri: string;
  /** Volume holding `/opt/ml/model` (written by training). */
  readonly modelVolume: string;
  readonly modelDir: string;
  /** emptyDir volume for the archive. */
  readonly archiveVolume: string;
  /** Image with `sh`, `tar` and gzip. */
  readonly packImage: string;
  /** Image with `sh` and `aws`. */
  readonly uploadImage: string;
  /** The RANK env var of the training container, so only rank 0 uploads. */
  readonly rank: k8s.EnvVar;
  readonly runAsUser: number;
}

/** The packing init container (runs after training). */
export function modelPackContainer(options: ModelUploadOptions): k8s.Container {
  const container = toolContainer({
    name: 'pack-model', image: options.packImage, script: PACK_SCRIPT, runAsUser: options.runAsUser,
    env: { MODEL_DIR: options.modelDir, ARCHIVE },
    volumeMounts: [{ name: options.modelVolume, mountPath: options.modelDir, readOnly: true }, { name: options.archiveVolume, mountPath: ARCHIVE_DIR }],
  });
  return { ...container, env: [options.rank, ...container.env ?? []] };
}

/** The upload container: the Job's main container, so the Job succeeds only once the model is in S3. */
export function modelUploadContainer(options: ModelUploadOptions): k8s.Container {
  const container = toolContainer({
    name: 'upload-model', image: options.uploadImage, script: UPLOAD_SCRIPT, runAsUser: options.runAsUser,
    env: { MODEL_S3_URI: options.modelS3Uri, ARCHIVE },
    volumeMounts: [{ name: options.archiveVolume, mountPath: ARCHIVE_DIR, readOnly: true }],
  });
  return { ...container, env: [options.rank, ...container.env ?? []] };
}
