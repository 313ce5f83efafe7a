/** The parts of the CDK Provider framework's events and responses this handler uses. */

/** What CloudFormation asks for. */
export type RequestType = 'Create' | 'Update' | 'Delete';

/** Event passed to onEvent (and, with onEvent's response merged in, to isComplete). */
export interface TrainingJobEvent {
  readonly RequestType: RequestType;
  readonly LogicalResourceId?: string;
  readonly RequestId?: string;
  readonly StackId?: string;
  /** Absent on Create (until onEvent returns one); the job name afterwards. */
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, string>;
  readonly OldResourceProperties?: Record<string, string>;
}

/** onEvent's answer: the physical id is the training job name. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/** isComplete's answer; Data becomes the resource's Fn::GetAtt attributes. */
export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: Record<string, string>;
}
