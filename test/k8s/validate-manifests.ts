/**
 * Schema validation of synthesized Kubernetes objects, shared by the k8s construct tests and the reference app's
 * YAML checks. The implementation ships in the package (`MlopsTesting.validateKubernetesManifests`); this module
 * keeps the short names the tests use.
 *
 * ```ts
 * validateK8sManifests(Testing.synth(chart));                 // throws on the first invalid object
 * validateK8sManifests(YAML.parseAllDocuments(text).map((d) => d.toJSON()));
 * ```
 */
export { validateK8sManifests, VALIDATED_KINDS } from '../../constructs/testing/private/kubernetes-manifests';
