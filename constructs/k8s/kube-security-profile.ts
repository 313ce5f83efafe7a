/**
 * How strictly a pod's main container is locked down. Init containers (S3 downloads) are always
 * restricted.
 */
export enum KubeSecurityProfile {
  /**
   * The restricted Pod Security Standard: a fixed non-root user, read-only root filesystem, no
   * capabilities, no privilege escalation, RuntimeDefault seccomp. For images built to run that way,
   * such as the reference container.
   */
  RESTRICTED = 'restricted',
  /**
   * The baseline Pod Security Standard, for images that run as root and write to their own filesystem
   * (AWS Deep Learning Containers: the SageMaker toolkits write /opt/ml/code and their config at
   * start): the image's own user and a writable root filesystem; every capability dropped except the file
   * ownership ones a root process needs to write files it does not own and to switch users
   * (CHOWN, DAC_OVERRIDE, FOWNER, SETGID, SETUID); still no privilege escalation, no privileged mode and
   * RuntimeDefault seccomp.
   */
  BASELINE = 'baseline',
}
