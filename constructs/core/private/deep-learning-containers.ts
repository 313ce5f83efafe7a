/**
 * The account that publishes AWS Deep Learning Containers in each region.
 * Source: https://github.com/aws/deep-learning-containers/blob/master/available_images.md ("region availability").
 */
export const DEEP_LEARNING_CONTAINER_ACCOUNTS: Readonly<Record<string, string>> = {
  'us-east-1': '763104351884', 'us-east-2': '763104351884', 'us-west-1': '763104351884', 'us-west-2': '763104351884',
  'ca-central-1': '763104351884', 'sa-east-1': '763104351884', 'eu-west-1': '763104351884', 'eu-west-2': '763104351884',
  'eu-west-3': '763104351884', 'eu-central-1': '763104351884', 'eu-north-1': '763104351884',
  'ap-northeast-1': '763104351884', 'ap-northeast-2': '763104351884', 'ap-northeast-3': '763104351884',
  'ap-southeast-1': '763104351884', 'ap-southeast-2': '763104351884', 'ap-south-1': '763104351884',
  'ap-east-1': '871362719292', 'me-south-1': '217643126080', 'af-south-1': '626614931356', 'eu-south-1': '692866216735',
  'ap-southeast-3': '907027046896', 'me-central-1': '914824155844', 'il-central-1': '780543022126',
  'eu-central-2': '380420809688', 'eu-south-2': '503227376785', 'ap-south-2': '772153158452',
  'ap-southeast-4': '457447274322', 'ca-west-1': '204538143572',
  'cn-north-1': '727897471807', 'cn-northwest-1': '727897471807',
  'us-gov-west-1': '442386744353', 'us-gov-east-1': '446045086412',
};

/**
 * The URI of an AWS Deep Learning Container for a known region, as a plain string. Kubernetes
 * manifests use this; SageMaker constructs use `ContainerImage.fromDeepLearningContainer`.
 */
export function deepLearningContainerUri(repositoryName: string, tag: string, region: string): string {
  const account = DEEP_LEARNING_CONTAINER_ACCOUNTS[region];
  if (!account) {
    throw new Error(`deepLearningContainerUri: region ${JSON.stringify(region)} has no Deep Learning Containers; `
      + `allowed: ${Object.keys(DEEP_LEARNING_CONTAINER_ACCOUNTS).join(', ')}`);
  }
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `${account}.dkr.ecr.${region}.${suffix}/${repositoryName}:${tag}`;
}
