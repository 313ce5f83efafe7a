import { Construct } from 'constructs';
import { k8s } from './k8s-api';

/**
 * The NetworkPolicy of one training run: its pods (`podSelector`) accept connections only from each other — the
 * rendezvous, then NCCL/Gloo on the ports they pick at run time, hence every port — and may reach each other, DNS
 * and HTTPS (S3, and STS for IRSA or Pod Identity; S3 has no stable address range to narrow 443 to). Nothing else
 * in or out. A single-pod run admits no ingress at all.
 */
export function trainingNetworkPolicy(scope: Construct, metadata: k8s.ObjectMeta, podSelector: { [key: string]: string },
  distributed: boolean): k8s.KubeNetworkPolicy {
  const ownPods = [{ podSelector: { matchLabels: podSelector } }];
  const port = (value: number, protocol: string) => ({ port: k8s.IntOrString.fromNumber(value), protocol });
  return new k8s.KubeNetworkPolicy(scope, 'NetworkPolicy', {
    metadata,
    spec: {
      podSelector: { matchLabels: podSelector },
      policyTypes: ['Ingress', 'Egress'],
      ingress: distributed ? [{ from: ownPods }] : [],
      egress: [
        ...(distributed ? [{ to: ownPods }] : []),
        { ports: [port(53, 'UDP'), port(53, 'TCP')] },
        { ports: [port(443, 'TCP')] },
      ],
    },
  });
}
