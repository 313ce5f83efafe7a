import { k8s } from './k8s-api';
import { restrictedContainerSecurityContext, TMP_MOUNT } from './pod-security';

/**
 * Init containers that copy S3 objects into a pod volume before the main container starts. They run
 * the AWS CLI, so the pod needs AWS credentials for S3 read: EKS Pod Identity or IRSA on the
 * service account (both inject a token volume and AWS_REGION themselves).
 */

/**
 * The AWS CLI image used to download from S3 when the user names none. Pinned: a moving tag would
 * make two syntheses of the same app pull different code. It must provide `sh`, `aws` and `tar`.
 */
export const DEFAULT_S3_DOWNLOADER_IMAGE = 'amazon/aws-cli:2.17.0';

/** `s3://bucket/key`: a valid bucket name and a non-empty key without spaces. */
export const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/\S+$/;

/** What an S3 URI is taken to be, decided at synth time from its shape so the output is predictable. */
export enum S3ObjectShape {
  /** Ends with `.tar.gz`: one archive, downloaded and unpacked (SageMaker's model.tar.gz). */
  TARBALL = 'tarball',
  /** Ends with `/`: a prefix, every object under it is synced. */
  PREFIX = 'prefix',
  /** Anything else: one object, copied as it is. */
  OBJECT = 'object',
}

export function s3ObjectShape(uri: string, unpackTarballs: boolean): S3ObjectShape {
  if (uri.endsWith('/')) return S3ObjectShape.PREFIX;
  if (unpackTarballs && uri.endsWith('.tar.gz')) return S3ObjectShape.TARBALL;
  return S3ObjectShape.OBJECT;
}

// The URI and directory reach the script as env vars, never spliced into it: no shell injection.
const SCRIPTS: Record<S3ObjectShape, string> = {
  [S3ObjectShape.TARBALL]: 'set -eu; aws s3 cp --only-show-errors "$S3_URI" "$TARGET_DIR/.download.tar.gz"; '
    + 'tar -xzf "$TARGET_DIR/.download.tar.gz" -C "$TARGET_DIR"; rm -f "$TARGET_DIR/.download.tar.gz"',
  [S3ObjectShape.PREFIX]: 'set -eu; aws s3 sync --only-show-errors "$S3_URI" "$TARGET_DIR"',
  [S3ObjectShape.OBJECT]: 'set -eu; aws s3 cp --only-show-errors "$S3_URI" "$TARGET_DIR/"',
};

/** What one download init container needs. */
export interface S3DownloadContainerOptions {
  readonly containerName: string;
  readonly image: string;
  readonly s3Uri: string;
  /** Volume that receives the files, mounted at `targetDir`. */
  readonly volumeName: string;
  readonly targetDir: string;
  /** Unpack a `.tar.gz` URI into the directory instead of copying the archive. */
  readonly unpackTarballs: boolean;
  readonly runAsUser: number;
}

/**
 * A restricted, non-root init container that fetches one S3 URI. Small requests: it streams to disk,
 * and the pod's effective request is the larger of its init containers and its main containers anyway.
 */
export function s3DownloadContainer(options: S3DownloadContainerOptions): k8s.Container {
  return {
    name: options.containerName,
    image: options.image,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', SCRIPTS[s3ObjectShape(options.s3Uri, options.unpackTarballs)]],
    env: [
      { name: 'S3_URI', value: options.s3Uri },
      { name: 'TARGET_DIR', value: options.targetDir },
      // The CLI writes its cache under HOME; the root filesystem is read-only, /tmp is not.
      { name: 'HOME', value: '/tmp' },
    ],
    resources: {
      requests: { cpu: k8s.Quantity.fromString('250m'), memory: k8s.Quantity.fromString('256Mi') },
      limits: { memory: k8s.Quantity.fromString('1Gi') },
    },
    securityContext: restrictedContainerSecurityContext(options.runAsUser),
    volumeMounts: [TMP_MOUNT, { name: options.volumeName, mountPath: options.targetDir }],
  };
}
