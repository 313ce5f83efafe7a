import { k8s } from './k8s-api';

/**
 * How a model server's autoscaler scales in, whichever autoscaler it is (the CPU HorizontalPodAutoscaler
 * or the one KEDA creates for a ScaledObject): model pods are slow and costly to start, so one pod a
 * minute, after 5 calm minutes. Scale-out keeps the Kubernetes default (fast).
 */
export function modelServerScalingBehavior(): k8s.HorizontalPodAutoscalerBehaviorV2 {
  return { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } };
}
