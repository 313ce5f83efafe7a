import { Size, SizeRoundingBehavior } from 'cdk8s';
import { k8s } from './k8s-api';

/**
 * The restricted Pod Security Standard, as the k8s constructs apply it to every pod and container:
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */

/** Non-root user and group the containers run as when the user gives none (outside system ranges). */
export const DEFAULT_RUN_AS_USER = 10001;

/** Pod-level: never root, a fixed numeric user (so `runAsNonRoot` can be verified), the default seccomp profile. */
export function restrictedPodSecurityContext(runAsUser: number): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser,
    runAsGroup: runAsUser,
    // Volumes (emptyDir, PVCs) become group-writable by this group, so a non-root process can write them.
    fsGroup: runAsUser,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Container-level: no privilege escalation, read-only root filesystem, every capability dropped. */
export function restrictedContainerSecurityContext(runAsUser: number): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser,
    runAsGroup: runAsUser,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    privileged: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Name and mount path of the writable scratch directory every container gets (the root FS is read-only). */
export const TMP_VOLUME = 'tmp';
export const TMP_MOUNT: k8s.VolumeMount = { name: TMP_VOLUME, mountPath: '/tmp' };

/** An emptyDir volume, optionally capped (the pod is evicted when it grows past the cap). */
export function emptyDirVolume(name: string, sizeLimit?: Size, inMemory: boolean = false): k8s.Volume {
  return {
    name,
    emptyDir: {
      medium: inMemory ? 'Memory' : undefined,
      sizeLimit: sizeLimit ? k8s.Quantity.fromString(`${mebibytes(sizeLimit)}Mi`) : undefined,
    },
  };
}

/** A Size in whole MiB (rounded down; Kubernetes quantities need no fractions here). */
export function mebibytes(size: Size): number {
  return Math.floor(size.toMebibytes({ rounding: SizeRoundingBehavior.NONE }));
}
