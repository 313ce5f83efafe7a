import { CfnResource, Environment, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PropsCheck } from '../constructs/core';
import { AlarmTopic } from '../constructs/monitoring';
import { MlModelDefinition } from './ml-model-definition';
import { MlPlatformStack } from './ml-platform-stack';
import { MlStorage } from './ml-storage';
import { MODEL_NAME_ALLOWED, MODEL_NAME_PATTERN } from './private/model-name';
import {
  CLOUDFORMATION_MAX_RESOURCES, CLOUDFORMATION_MAX_TEMPLATE_BYTES, modelCost, placeModels, stackOverheadBytes, stackOverheadResources, StackOverhead,
  stackResourceEstimate,
} from './private/platform-capacity';

/** Properties of an {@link MlPlatformApp}. */
export interface MlPlatformAppProps {
  /**
   * The models, in the order they were added: append new ones at the end. The order decides the stack
   * each model lands in (see {@link MlPlatformApp}), so appending never moves a model that is already deployed.
   */
  readonly models: MlModelDefinition[];
  /** Prefix of every stack name: `<prefix>-Shared`, `<prefix>-1`, `<prefix>-2` … @default 'MlPlatform' */
  readonly stackNamePrefix?: string;
  /** Account and region of every stack. @default - environment-agnostic stacks */
  readonly env?: Environment;
  /** E-mail addresses subscribed to the shared alarm topic. @default - none (subscribe to the topic yourself) */
  readonly alarmEmails?: string[];
  /**
   * Most resources a model stack may hold. CloudFormation allows 500; the default leaves room for
   * resources a later version of a construct may add without moving any model.
   * @default 400
   */
  readonly maxResourcesPerStack?: number;
  /**
   * Most bytes a model stack's template may have (estimated). CloudFormation allows 1 MB.
   * @default 800000
   */
  readonly maxTemplateBytesPerStack?: number;
}

/**
 * The ML platform for any number of models: one shared stack (`<prefix>-Shared`: the data, model and
 * log buckets and the alarm topic), and the models packed into as many `MlPlatformStack`s
 * (`<prefix>-1`, `<prefix>-2` …) as CloudFormation's limits need.
 *
 * The placement rule keeps deployed models where they are: models are placed one by one in the order
 * given, each into the first model stack whose estimated resources and template bytes still have room
 * for it, else into a new stack. A model's stack depends only on the models listed before it, so a model
 * appended to the list never moves another model. Inserting a model earlier in the list, reordering, or
 * removing one can move the models after it (CloudFormation would then delete and re-create them):
 * append, and retire a model by removing it only when the ones after it may move.
 */
export class MlPlatformApp extends Construct {
  /** The default `maxResourcesPerStack`. */
  public static readonly DEFAULT_MAX_RESOURCES_PER_STACK = 400;
  /** The default `maxTemplateBytesPerStack`. */
  public static readonly DEFAULT_MAX_TEMPLATE_BYTES_PER_STACK = 800_000;

  /**
   * Whether these models fit one `MlPlatformStack` that shares its storage and has its own alarm topic, with the
   * headroom `MlPlatformApp` keeps (`DEFAULT_MAX_RESOURCES_PER_STACK`): a small platform can use one stack, a
   * larger one this app. The same estimates `MlPlatformApp` places models by.
   */
  public static fitsOneStack(models: MlModelDefinition[]): boolean {
    return stackResourceEstimate(models, { ownStorage: false, ownAlarmTopic: true }) <= MlPlatformApp.DEFAULT_MAX_RESOURCES_PER_STACK;
  }

  /** The stack holding the buckets and the alarm topic, deployed before the model stacks. */
  public readonly sharedStack: Stack;
  /** The buckets (in `sharedStack`). */
  public readonly storage: MlStorage;
  /** The alarm topic (in `sharedStack`). */
  public readonly alarmTopic: AlarmTopic;
  /** The model stacks, in placement order. */
  public readonly modelStacks: MlPlatformStack[] = [];
  private readonly stackByModel = new Map<string, MlPlatformStack>();

  constructor(scope: Construct, id: string, props: MlPlatformAppProps) {
    super(scope, id);
    const prefix = props.stackNamePrefix ?? 'MlPlatform';
    const maxResources = props.maxResourcesPerStack ?? MlPlatformApp.DEFAULT_MAX_RESOURCES_PER_STACK;
    const maxBytes = props.maxTemplateBytesPerStack ?? MlPlatformApp.DEFAULT_MAX_TEMPLATE_BYTES_PER_STACK;
    const overhead: StackOverhead = { ownStorage: false, ownAlarmTopic: false };

    const check = new PropsCheck(this, 'MlPlatformApp');
    check.require(props.models.length >= 1, 'models', props.models, 'must hold at least 1 model definition');
    // A stack name is at most 128 characters; the longest suffix is '-Shared'.
    check.matches('stackNamePrefix', props.stackNamePrefix, /^[A-Za-z][A-Za-z0-9-]{0,99}$/,
      'must start with a letter and hold at most 100 letters, digits and hyphens (it prefixes stack names)');
    check.integerInRange('maxResourcesPerStack', props.maxResourcesPerStack, 20, CLOUDFORMATION_MAX_RESOURCES);
    check.integerInRange('maxTemplateBytesPerStack', props.maxTemplateBytesPerStack, 50_000, CLOUDFORMATION_MAX_TEMPLATE_BYTES);
    const names = new Set<string>();
    props.models.forEach((m, i) => {
      check.require(MODEL_NAME_PATTERN.test(m.name), `models[${i}].name`, m.name, MODEL_NAME_ALLOWED);
      check.require(!names.has(m.name), `models[${i}].name`, m.name, 'must be unique');
      names.add(m.name);
      // A model that alone does not fit a stack cannot be placed at all.
      const cost = modelCost(m, false, overhead);
      const resources = cost.resources + stackOverheadResources(overhead, false);
      const bytes = cost.bytes + stackOverheadBytes(overhead, false);
      check.require(resources <= maxResources && bytes <= maxBytes, `models[${i}]`, m.name,
        `needs about ${resources} resources and ${bytes} template bytes in a stack of its own, more than maxResourcesPerStack (${maxResources}) or maxTemplateBytesPerStack (${maxBytes}) allow`);
    });
    check.throwIfInvalid();

    this.sharedStack = new Stack(this, 'Shared', {
      env: props.env,
      stackName: `${prefix}-Shared`,
      description: 'cdk-mlops platform: data, model and access-log buckets and the alarm topic shared by the model stacks',
    });
    this.storage = new MlStorage(this.sharedStack, 'Storage');
    this.alarmTopic = new AlarmTopic(this.sharedStack, 'AlarmTopic', { emailAddresses: props.alarmEmails });

    for (const [index, models] of placeModels(props.models, maxResources, maxBytes, overhead).entries()) {
      const stack = new MlPlatformStack(this, `Models${index + 1}`, {
        env: props.env,
        stackName: `${prefix}-${index + 1}`,
        description: `cdk-mlops platform, model stack ${index + 1}: ${models.length} models (${models[0].name} … ${models[models.length - 1].name})`,
        models,
        storage: this.storage,
        alarmTopic: this.alarmTopic,
      });
      this.modelStacks.push(stack);
      for (const m of models) this.stackByModel.set(m.name, stack);
      // The estimate decides placement; the real count is checked once the tree is complete.
      stack.node.addValidation({ validate: () => resourceLimitProblems(stack) });
    }
  }

  /** The stack hosting the named model. */
  public stackFor(modelName: string): MlPlatformStack {
    const stack = this.stackByModel.get(modelName);
    if (!stack) {
      throw new Error(`MlPlatformApp at '${this.node.path}': no model named ${JSON.stringify(modelName)}; known: ${[...this.stackByModel.keys()].join(', ')}`);
    }
    return stack;
  }

  /** Every stack: the shared stack first, then the model stacks. */
  public get stacks(): Stack[] {
    return [this.sharedStack, ...this.modelStacks];
  }
}

/** The real resource count of a model stack against CloudFormation's limit. */
function resourceLimitProblems(stack: Stack): string[] {
  const count = stack.node.findAll().filter((c) => CfnResource.isCfnResource(c) && Stack.of(c) === stack).length;
  return count > CLOUDFORMATION_MAX_RESOURCES
    ? [`MlPlatformApp: stack ${stack.stackName} holds ${count} resources, more than CloudFormation's ${CLOUDFORMATION_MAX_RESOURCES}: lower maxResourcesPerStack (the per-model estimate is too low)`]
    : [];
}
