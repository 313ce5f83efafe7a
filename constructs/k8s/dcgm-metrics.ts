import { escapeLabelValue, workloadPodPattern } from './private/promql';

/**
 * The NVIDIA DCGM exporter's per-GPU series (`DCGM_FI_DEV_GPU_UTIL`, `DCGM_FI_DEV_FB_USED`,
 * `DCGM_FI_DEV_FB_FREE`) and which labels name the pod using each GPU. With its Kubernetes mapping on
 * (the GPU operator's default) the exporter labels each GPU with the pod and namespace using it; scraped
 * without `honorLabels`, Prometheus renames those to `exported_pod` and `exported_namespace`.
 */
export class DcgmMetrics {
  /** Pod and namespace labels as the exporter writes them (a scrape with `honorLabels: true`). */
  public static honoredLabels(): DcgmMetrics {
    return new DcgmMetrics('pod', 'namespace');
  }

  /** Pod and namespace labels renamed by Prometheus (`exported_pod`, `exported_namespace`). */
  public static exportedLabels(): DcgmMetrics {
    return new DcgmMetrics('exported_pod', 'exported_namespace');
  }

  /** Other label names. */
  public static withLabels(podLabel: string, namespaceLabel: string): DcgmMetrics {
    return new DcgmMetrics(podLabel, namespaceLabel);
  }

  private constructor(
    /** Label holding the name of the pod using the GPU. */
    public readonly podLabel: string,
    /** Label holding that pod's namespace. */
    public readonly namespaceLabel: string,
  ) {}

  /** Sum of GPU utilisation (percent per GPU) over the GPUs of the workload's pods. */
  public utilizationSum(workloadName: string, namespaceName?: string): string {
    return `sum(DCGM_FI_DEV_GPU_UTIL${this.selector(workloadName, namespaceName)})`;
  }

  /** Average GPU utilisation (percent) over the GPUs of the workload's pods. */
  public utilizationAverage(workloadName: string, namespaceName?: string): string {
    return `avg(DCGM_FI_DEV_GPU_UTIL${this.selector(workloadName, namespaceName)})`;
  }

  /** Highest GPU memory use (percent of one GPU's memory) over the GPUs of the workload's pods. */
  public memoryUtilizationMax(workloadName: string, namespaceName?: string): string {
    const s = this.selector(workloadName, namespaceName);
    return `max(DCGM_FI_DEV_FB_USED${s} / (DCGM_FI_DEV_FB_USED${s} + DCGM_FI_DEV_FB_FREE${s}) * 100)`;
  }

  private selector(workloadName: string, namespaceName?: string): string {
    const parts = [`${this.podLabel}=~"${workloadPodPattern(workloadName)}"`];
    if (namespaceName !== undefined) parts.unshift(`${this.namespaceLabel}="${escapeLabelValue(namespaceName)}"`);
    return `{${parts.join(',')}}`;
  }
}
