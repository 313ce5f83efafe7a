import { ArnFormat, IResource, Names, Resource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { PropsCheck } from '../core';
import {
  APPROVE_ACTIONS, CROSS_ACCOUNT_GROUP_ACTIONS, CROSS_ACCOUNT_PACKAGE_ACTIONS, LIST_PACKAGE_ACTIONS, READ_GROUP_ACTIONS,
  READ_PACKAGE_ACTIONS, REGISTER_ACTIONS,
} from './private/perms';

/** A SageMaker model package group (one model's versions in the registry), created here or imported. */
export interface IModelPackageGroup extends IResource {
  /** The group's name. @attribute */
  readonly modelPackageGroupName: string;
  /** The group's ARN. @attribute */
  readonly modelPackageGroupArn: string;
  /** ARN of version `version` (1, 2, ...) of the group. */
  packageArn(version: number): string;
  /** ARN pattern matching every version of the group (for IAM). */
  packagesArn(): string;
  /** Lets `grantee` register new versions. */
  grantRegister(grantee: iam.IGrantable): iam.Grant;
  /** Lets `grantee` read the group, list its versions and describe them. */
  grantRead(grantee: iam.IGrantable): iam.Grant;
  /** Lets `grantee` approve or reject versions. */
  grantApprove(grantee: iam.IGrantable): iam.Grant;
}

/** Properties of a {@link ModelPackageGroup}. */
export interface ModelPackageGroupProps {
  /**
   * Physical name: 1-63 letters, digits and hyphens. SageMaker lower-cases it inside ARNs, so it must
   * be lower case for IAM to match.
   * @default - a lower-case name derived from the construct path
   */
  readonly modelPackageGroupName?: string;
  /** Description shown in the registry. @default - none */
  readonly description?: string;
  /**
   * Accounts that may read the group and its versions (e.g. a production account deploying approved
   * versions), through the group's resource policy. They still need the model artifacts' bucket and
   * key, and the image repository, shared with them.
   * @default - no cross-account access
   */
  readonly crossAccountReadAccounts?: string[];
}

const GROUP_NAME = /^[a-z0-9](-*[a-z0-9]){0,62}$/;

/** Grants and ARNs shared by created and imported groups. */
export abstract class ModelPackageGroupBase extends Resource implements IModelPackageGroup {
  public abstract readonly modelPackageGroupName: string;
  public abstract readonly modelPackageGroupArn: string;

  public packageArn(version: number): string {
    return this.packageArnWithSuffix(String(version));
  }

  public packagesArn(): string {
    return this.packageArnWithSuffix('*');
  }

  private packageArnWithSuffix(suffix: string): string {
    return Stack.of(this).formatArn({
      service: 'sagemaker', resource: 'model-package', resourceName: `${this.modelPackageGroupName}/${suffix}`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  public grantRegister(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: REGISTER_ACTIONS, resourceArns: [this.modelPackageGroupArn, this.packagesArn()] });
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    iam.Grant.addToPrincipal({ grantee, actions: READ_GROUP_ACTIONS, resourceArns: [this.modelPackageGroupArn] });
    iam.Grant.addToPrincipal({ grantee, actions: LIST_PACKAGE_ACTIONS, resourceArns: ['*'] });
    return iam.Grant.addToPrincipal({ grantee, actions: READ_PACKAGE_ACTIONS, resourceArns: [this.packagesArn()] });
  }

  public grantApprove(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: APPROVE_ACTIONS, resourceArns: [this.packagesArn()] });
  }
}

/**
 * A SageMaker model package group: the registry entry of one model, holding its versions (model
 * packages: image + model data + metrics + approval status). `TrainingPipeline` registers every
 * trained candidate here; an endpoint can serve a chosen version (`ModelData.fromModelPackage`).
 *
 * ```ts
 * const registry = new ModelPackageGroup(this, 'Registry', {
 *   modelPackageGroupName: 'digits',
 *   crossAccountReadAccounts: ['210987654321'], // production reads approved versions
 * });
 * registry.grantRead(someRole);
 * ```
 */
export class ModelPackageGroup extends ModelPackageGroupBase {
  /** An existing group, by name. */
  public static fromModelPackageGroupName(scope: Construct, id: string, modelPackageGroupName: string): IModelPackageGroup {
    class Imported extends ModelPackageGroupBase {
      public readonly modelPackageGroupName = modelPackageGroupName;
      public readonly modelPackageGroupArn = Stack.of(scope).formatArn({
        service: 'sagemaker', resource: 'model-package-group', resourceName: modelPackageGroupName,
      });
    }
    return new Imported(scope, id);
  }

  public readonly modelPackageGroupName: string;
  public readonly modelPackageGroupArn: string;

  constructor(scope: Construct, id: string, props: ModelPackageGroupProps = {}) {
    super(scope, id, {
      physicalName: props.modelPackageGroupName
        ?? Names.uniqueResourceName(scope, { maxLength: 63 - id.length - 1, separator: '-' }).toLowerCase().replace(/-+$/, '') + `-${id.toLowerCase()}`,
    });
    const check = new PropsCheck(this, 'ModelPackageGroup');
    check.matches('modelPackageGroupName', props.modelPackageGroupName, GROUP_NAME,
      'must be 1-63 lower-case letters, digits and hyphens, starting and ending with a letter or digit '
      + '(SageMaker lower-cases the name in ARNs; IAM matches ARNs case-sensitively)');
    if (props.description !== undefined && !Token.isUnresolved(props.description)) {
      check.require(props.description.length <= 1024, 'description', `${props.description.length} characters`, 'at most 1024 characters');
    }
    for (const [i, account] of (props.crossAccountReadAccounts ?? []).entries()) {
      check.matches(`crossAccountReadAccounts[${i}]`, account, /^\d{12}$/, 'must be a 12-digit AWS account id');
    }
    check.throwIfInvalid();

    const resource = new sagemaker.CfnModelPackageGroup(this, 'Resource', {
      modelPackageGroupName: this.physicalName,
      modelPackageGroupDescription: props.description,
      modelPackageGroupPolicy: props.crossAccountReadAccounts?.length ? this.crossAccountPolicy(props.crossAccountReadAccounts) : undefined,
    });
    // The name is known at synth (no attribute for it); the ARN attribute carries the dependency on the group.
    this.modelPackageGroupName = this.physicalName;
    this.modelPackageGroupArn = this.getResourceArnAttribute(resource.attrModelPackageGroupArn, {
      service: 'sagemaker', resource: 'model-package-group', resourceName: this.physicalName,
    });
  }

  /** Read of the group and its versions for whole accounts (they delegate to their own principals). */
  private crossAccountPolicy(accounts: string[]): unknown {
    const stack = Stack.of(this);
    const principals = accounts.map((a) => new iam.AccountPrincipal(a));
    const groupArn = stack.formatArn({ service: 'sagemaker', resource: 'model-package-group', resourceName: this.physicalName });
    const packagesArn = stack.formatArn({
      service: 'sagemaker', resource: 'model-package', resourceName: `${this.physicalName}/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    return new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({ sid: 'CrossAccountReadGroup', principals, actions: CROSS_ACCOUNT_GROUP_ACTIONS, resources: [groupArn] }),
        new iam.PolicyStatement({ sid: 'CrossAccountReadPackages', principals, actions: CROSS_ACCOUNT_PACKAGE_ACTIONS, resources: [packagesArn] }),
      ],
    }).toJSON();
  }
}
