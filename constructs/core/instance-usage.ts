/** What a construct wants to do on an instance type. */
export enum InstanceUsage {
  /** A SageMaker training job. */
  TRAINING = 'training',
  /** A SageMaker real-time endpoint. */
  HOSTING = 'hosting',
}
