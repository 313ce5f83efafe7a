/**
 * The one place that chooses which generated Kubernetes API (L1 classes such as `KubeDeployment`,
 * `Quantity`, `IntOrString`) the k8s constructs use. cdk8s-plus-27 ships the Kubernetes 1.27 API,
 * the version the product targets; moving to a newer plus (or a `cdk8s import`) changes this line only.
 */
export { k8s } from 'cdk8s-plus-27';
