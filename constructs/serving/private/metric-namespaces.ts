/** Where SageMaker publishes invocation metrics (also the serverless ones). */
export const INVOCATION_NAMESPACE = 'AWS/SageMaker';
/** Where SageMaker publishes instance (CPU, memory, disk, GPU) metrics. */
export const INSTANCE_NAMESPACE = '/aws/sagemaker/Endpoints';
