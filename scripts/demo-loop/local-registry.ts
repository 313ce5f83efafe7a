/**
 * A local model registry with the SageMaker API shapes the pipeline uses: CreateModelPackage,
 * ListModelPackages, DescribeModelPackage, UpdateModelPackage. Kept in memory and written to a JSON
 * file after every change, so a run can be inspected afterwards.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One registered version. */
export interface LocalModelPackage {
  readonly ModelPackageGroupName: string;
  readonly ModelPackageVersion: number;
  readonly ModelPackageArn: string;
  ModelApprovalStatus: string;
  readonly CreationTime: string;
  readonly request: { [key: string]: unknown };
}

export class LocalModelRegistry {
  public readonly packages: LocalModelPackage[] = [];

  constructor(private readonly file: string) {}

  private save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(this.file, JSON.stringify(this.packages, null, 2));
  }

  private find(name: string): LocalModelPackage {
    const p = this.packages.find((x) => x.ModelPackageArn === name);
    if (!p) {
      const error = new Error(`model package ${name} does not exist`);
      error.name = 'SageMaker.ValidationException';
      throw error;
    }
    return p;
  }

  public createModelPackage(request: { [key: string]: unknown }) {
    const group = String(request.ModelPackageGroupName);
    const version = this.packages.filter((p) => p.ModelPackageGroupName === group).length + 1;
    const pkg: LocalModelPackage = {
      ModelPackageGroupName: group,
      ModelPackageVersion: version,
      ModelPackageArn: `arn:aws:sagemaker:us-east-1:123456789012:model-package/${group}/${version}`,
      ModelApprovalStatus: String(request.ModelApprovalStatus ?? 'PendingManualApproval'),
      CreationTime: new Date(Date.UTC(2026, 0, 1, 0, 0, version)).toISOString(),
      request,
    };
    this.packages.push(pkg);
    this.save();
    return { ModelPackageArn: pkg.ModelPackageArn };
  }

  /** Newest first when SortOrder is Descending (what "the newest Approved version" asks for). */
  public listModelPackages(request: { ModelPackageGroupName?: string; ModelApprovalStatus?: string; SortOrder?: string; MaxResults?: number }) {
    let list = this.packages.filter((p) => (!request.ModelPackageGroupName || p.ModelPackageGroupName === request.ModelPackageGroupName)
      && (!request.ModelApprovalStatus || p.ModelApprovalStatus === request.ModelApprovalStatus));
    list = [...list].sort((a, b) => a.ModelPackageVersion - b.ModelPackageVersion);
    if (request.SortOrder === 'Descending') list.reverse();
    if (request.MaxResults) list = list.slice(0, request.MaxResults);
    return {
      ModelPackageSummaryList: list.map((p) => ({
        ModelPackageGroupName: p.ModelPackageGroupName, ModelPackageVersion: p.ModelPackageVersion, ModelPackageArn: p.ModelPackageArn,
        ModelApprovalStatus: p.ModelApprovalStatus, CreationTime: p.CreationTime,
      })),
    };
  }

  public describeModelPackage(request: { ModelPackageName: string }) {
    const p = this.find(request.ModelPackageName);
    return { ...p.request, ModelPackageArn: p.ModelPackageArn, ModelPackageVersion: p.ModelPackageVersion, ModelApprovalStatus: p.ModelApprovalStatus, CreationTime: p.CreationTime };
  }

  public updateModelPackage(request: { ModelPackageArn: string; ModelApprovalStatus?: string }) {
    const p = this.find(request.ModelPackageArn);
    if (request.ModelApprovalStatus) p.ModelApprovalStatus = request.ModelApprovalStatus;
    this.save();
    return { ModelPackageArn: p.ModelPackageArn };
  }

  /** The version number of a package ARN. */
  public versionOf(arn: string): number {
    return this.find(arn).ModelPackageVersion;
  }
}
