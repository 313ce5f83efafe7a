import { MlInstanceType } from '../core';
import { PodResourceOverrides } from './gpu-scheduling';
import { KubePodIdentity } from './kube-pod-identity';
import { KubeSecurityProfile } from './kube-security-profile';

/** What `KubeModelServing` and `KubeTrainingJob` share: sizing, placement, identity, security, labels. */
export interface KubeWorkloadOptions {
  /** Extra environment variables. @default - none */
  readonly env?: { [name: string]: string };
  /** Instance type each pod is sized and placed for (see `GpuScheduling`). @default - sized by `resources` alone */
  readonly instanceType?: MlInstanceType;
  /** Explicit resources and placement; each one replaces the instance type's. @default - all from `instanceType` */
  readonly resources?: PodResourceOverrides;
  /**
   * Image of the containers that talk to S3 (download, wait for a model, upload); it needs `sh` and `aws`.
   * @default 'public.ecr.aws/aws-cli/aws-cli:2.17.0'
   */
  readonly s3DownloaderImage?: string;
  /** How the pods get AWS credentials (annotations of the ServiceAccount). @default - none: add them with `serviceAccountAnnotations` or a pod identity association */
  readonly identity?: KubePodIdentity;
  /** More annotations of the service account (merged over `identity`'s). @default - none */
  readonly serviceAccountAnnotations?: { [key: string]: string };
  /** Secrets (of type `kubernetes.io/dockerconfigjson`, in the same namespace) used to pull private images. @default - none (node credentials, e.g. ECR through the node role) */
  readonly imagePullSecrets?: string[];
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
