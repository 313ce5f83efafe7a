import { Aws, CfnMapping, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * The account that publishes the Model Monitor analyzer image (`sagemaker-model-monitor-analyzer`) in
 * each region. Source: the SageMaker Python SDK's image-URI table for "model-monitor" (version 1).
 */
export const MODEL_MONITOR_ANALYZER_ACCOUNTS: Readonly<{ [region: string]: string }> = {
  'us-east-1': '156813124566', 'us-east-2': '777275614652', 'us-west-1': '890145073186', 'us-west-2': '159807026194',
  'ca-central-1': '536280801234', 'sa-east-1': '539772159869',
  'eu-west-1': '468650794304', 'eu-west-2': '749857270468', 'eu-west-3': '680080141114', 'eu-central-1': '048819808253',
  'eu-north-1': '895015795356', 'me-south-1': '607024016150', 'ap-east-1': '001633400207', 'ap-south-1': '126357580389',
  'ap-northeast-1': '574779866223', 'ap-northeast-2': '709848358524', 'ap-southeast-1': '245545462676',
  'ap-southeast-2': '563025443158', 'cn-north-1': '453000072557', 'cn-northwest-1': '453252182341',
};

const REPOSITORY = 'sagemaker-model-monitor-analyzer';

/**
 * The analyzer image URI for the stack's region: a literal for a known region, a CloudFormation
 * mapping lookup when the region is a token. Throws one readable error for a region without it.
 * SageMaker pulls this AWS-owned image itself; the job role needs no ECR permission for it.
 */
export function modelMonitorAnalyzerImageUri(scope: Construct): string {
  const stack = Stack.of(scope);
  const account = Token.isUnresolved(stack.region)
    ? analyzerAccountMapping(stack).findInMap(Aws.REGION, 'account')
    : MODEL_MONITOR_ANALYZER_ACCOUNTS[stack.region];
  if (!account) {
    throw new Error(`Model Monitor at '${scope.node.path}': stack region ${JSON.stringify(stack.region)} has no `
      + `${REPOSITORY} image; allowed: ${Object.keys(MODEL_MONITOR_ANALYZER_ACCOUNTS).join(', ')}`);
  }
  return `${account}.dkr.ecr.${stack.region}.${stack.urlSuffix}/${REPOSITORY}`;
}

/** One mapping per stack, shared by every monitor and baselining step in it. */
function analyzerAccountMapping(stack: Stack): CfnMapping {
  const id = 'CdkMlopsModelMonitorAnalyzerAccounts';
  const existing = stack.node.tryFindChild(id) as CfnMapping | undefined;
  if (existing) return existing;
  const mapping: { [region: string]: { [key: string]: string } } = {};
  for (const [region, account] of Object.entries(MODEL_MONITOR_ANALYZER_ACCOUNTS)) mapping[region] = { account };
  return new CfnMapping(stack, id, { mapping });
}
