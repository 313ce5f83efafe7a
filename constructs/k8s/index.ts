export * from './gpu-scheduling';
export * from './kube-ingress-source';
export * from './kube-model-source';
export * from './kube-model-output';
export * from './kube-model-serving';
export * from './kube-training-job';
export { KubeSecurityProfile } from './pod-security';
export * from './kube-workload-options';
