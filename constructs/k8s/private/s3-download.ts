import { k8s } from './k8s-api';
import { restrictedContainerSecurityContext, TMP_MOUNT } from './pod-security';

/**
 * Init containers that copy S3 objects into a pod volume before the main container starts. They run
 * the AWS CLI, so the pod needs AWS credentials for S3 read: EKS Pod Identity or IRSA on the
 * service account (both inject a token volume and AWS_REGION themselves).
 */

/**
 * The AWS CLI image used to talk to S3 when the user names none: AWS's own image on Amazon ECR Public
 * (no Docker Hub rate limit). Pinned: a moving tag would make two syntheses of the same app pull different
 * code. It must provide `sh` and `aws`.
 */
export const DEFAULT_S3_DOWNLOADER_IMAGE = 'public.ecr.aws/aws-cli/aws-cli:2.17.0';

/**
 * The image that unpacks a downloaded `.tar.gz` (it must provide `sh` and `tar` with gzip). A separate
 * step because the AWS CLI image, built on a minimal Amazon Linux 2, does not ship `tar`.
 */
export const DEFAULT_UNPACK_IMAGE = 'busybox:1.36.1';

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

// The URI and directory reach the scripts as env vars, never spliced into them: no shell injection.
const ARCHIVE = '"$TARGET_DIR/.download.tar.gz"';
const UNPACK_SCRIPT = `set -eu; tar -xzf ${ARCHIVE} -C "$TARGET_DIR"; rm -f ${ARCHIVE}`;
const SCRIPTS: Record<S3ObjectShape, string> = {
  [S3ObjectShape.TARBALL]: `set -eu; aws s3 cp --only-show-errors "$S3_URI" ${ARCHIVE}`,
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
  /** Image of the unpack step. @default DEFAULT_UNPACK_IMAGE */
  readonly unpackImage?: string;
  readonly runAsUser: number;
}

/**
 * Restricted, non-root init containers that fetch one S3 URI: a download, then (for a `.tar.gz` that
 * is to be unpacked) an unpack step. Small requests: they stream to disk, and a pod's effective request
 * is the larger of its init containers and its main containers anyway.
 */
export function s3DownloadContainers(options: S3DownloadContainerOptions): k8s.Container[] {
  const shape = s3ObjectShape(options.s3Uri, options.unpackTarballs);
  const download = initContainer(options, options.containerName, options.image, SCRIPTS[shape]);
  if (shape !== S3ObjectShape.TARBALL) return [download];
  const unpackName = `${options.containerName.slice(0, 63 - '-unpack'.length)}-unpack`;
  return [download, initContainer(options, unpackName, options.unpackImage ?? DEFAULT_UNPACK_IMAGE, UNPACK_SCRIPT)];
}

function initContainer(options: S3DownloadContainerOptions, name: string, image: string, script: string): k8s.Container {
  return toolContainer({
    name, image, script, runAsUser: options.runAsUser,
    env: { S3_URI: options.s3Uri, TARGET_DIR: options.targetDir },
    volumeMounts: [{ name: options.volumeName, mountPath: options.targetDir }],
  });
}

/** What a tool container (an S3 transfer, a wait, packing) runs. */
export interface ToolContainerOptions {
  readonly name: string;
  readonly image: string;
  /** The `sh -c` script; inputs reach it as env vars only, never spliced in. */
  readonly script: string;
  readonly env: { [name: string]: string };
  readonly volumeMounts: k8s.VolumeMount[];
  readonly runAsUser: number;
}

/**
 * A restricted (non-root, read-only root filesystem, no capabilities, RuntimeDefault seccomp) container
 * running a short shell script with small requests: transfers stream to disk, and a pod's effective
 * request is the larger of its init containers and its main containers anyway.
 */
export function toolContainer(options: ToolContainerOptions): k8s.Container {
  return {
    name: options.name,
    image: options.image,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', options.script],
    env: [
      ...Object.entries(options.env).map(([name, value]) => ({ name, value })),
      // The CLI writes its cache under HOME; the root filesystem is read-only, /tmp is not.
      { name: 'HOME', value: '/tmp' },
    ],
    resources: {
      requests: { cpu: k8s.Quantity.fromString('250m'), memory: k8s.Quantity.fromString('256Mi') },
      limits: { memory: k8s.Quantity.fromString('1Gi') },
    },
    securityContext: restrictedContainerSecurityContext(options.runAsUser),
    volumeMounts: [TMP_MOUNT, ...options.volumeMounts],
  };
}
