import { MlInstanceType } from '../core';
import { PodResourceOverrides } from './gpu-scheduling';
import { KubeSecurityProfile } from './pod-security';

/** What `KubeModelServing` and `KubeTrainingJob` share: sizing, placement, identity, security, labels. */
export interface KubeWorkloadOptions {
  /** Extra environment variables. @default - none */
  readonly env?: Record<string, string>;
  /** Instance type each pod is sized and placed for (see `GpuScheduling`). @default - sized by `resources` alone */
  readonly instanceType?: MlInstanceType;
  /** Explicit resources and placement; each one replaces the instance type's. @default - all from `instanceType` */
  readonly resources?: PodResourceOverrides;
  /** Image of the init containers that download from S3 (needs `sh` and `aws`). @default 'amazon/aws-cli:2.17.0' */
  readonly s3DownloaderImage?: string;
  /** Annotations of the service account, e.g. `eks.amazonaws.com/role-arn` for IRSA. @default - none */
  readonly serviceAccountAnnotations?: Record<string, string>;
  /** Numeric user and group the containers run as (the main container only under RESTRICTED). @default 10001 */
  readonly runAsUser?: number;
  /**
   * How strictly the main container is locked down. Use BASELINE for images that run as root and write
   * to their filesystem, such as AWS Deep Learning Containers.
   * @default KubeSecurityProfile.RESTRICTED
   */
  readonly securityProfile?: KubeSecurityProfile;
  /** The `app.kubernetes.io/version` label. @default - the image tag */
  readonly version?: string;
  /** The `app.kubernetes.io/part-of` label. @default 'cdk-mlops' */
  readonly partOf?: string;
}
