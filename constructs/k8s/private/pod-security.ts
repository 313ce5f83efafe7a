import { Size, SizeRoundingBehavior } from 'cdk8s';
import { KubeSecurityProfile } from '../kube-security-profile';
import { k8s } from './k8s-api';

/**
 * The restricted Pod Security Standard, as the k8s constructs apply it to every pod and container:
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 * (the public choice between profiles is `KubeSecurityProfile`, `../kube-security-profile.ts`).
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

/**
 * What BASELINE adds back after dropping ALL: root in a DLC writes and chowns files that belong to other
 * users (pip installs of requirements.txt, /opt/ml/code, model-server working dirs: CHOWN, DAC_OVERRIDE,
 * FOWNER) and the serving stacks start workers as another user (SETUID, SETGID). Not kept from the
 * runtime's default set: NET_RAW (raw sockets, ARP/ICMP spoofing), MKNOD, SYS_CHROOT, SETFCAP, SETPCAP,
 * AUDIT_WRITE, FSETID, KILL of other users' processes, NET_BIND_SERVICE (the model ports are above 1024).
 */
export const BASELINE_CAPABILITIES = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'];

/** The pod-level security context for a profile. */
export function podSecurityContext(profile: KubeSecurityProfile, runAsUser: number): k8s.PodSecurityContext {
  return profile === KubeSecurityProfile.RESTRICTED
    ? restrictedPodSecurityContext(runAsUser)
    : { seccompProfile: { type: 'RuntimeDefault' } };
}

/** The main container's security context for a profile. */
export function containerSecurityContext(profile: KubeSecurityProfile, runAsUser: number): k8s.SecurityContext {
  return profile === KubeSecurityProfile.RESTRICTED
    ? restrictedContainerSecurityContext(runAsUser)
    : {
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'], add: [...BASELINE_CAPABILITIES] },
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
