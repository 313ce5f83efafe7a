import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import { MlInstanceType } from '../../core/instance-type';
import { bucketNameProblem } from '../../core/private/prop-checks';
import { PropsCheck } from '../../core/validation';
import { GpuScheduling, PodResourceOverrides, TolerationOperator } from '../gpu-scheduling';
import { DNS_1035_LABEL, LABEL_VALUE } from './kube-conventions';
import { S3_URI } from './s3-download';

/** Prop checks shared by the k8s constructs. Each records problems on `check`; none throws. */

/** An object name: an RFC 1035 label, at most `maxLength` characters. */
export function checkKubeName(check: PropsCheck, prop: string, name: string, maxLength: number): void {
  check.require(DNS_1035_LABEL.test(name) && name.length <= maxLength, prop, name,
    `must be a DNS-1035 label of at most ${maxLength} characters: lowercase letters, digits and '-', `
    + 'starting with a letter and ending with a letter or digit (e.g. "mnist-classifier")');
}

/** A PersistentVolumeClaim's name: a DNS-1123 subdomain (what Kubernetes itself requires of it). */
export function checkClaimName(check: PropsCheck, prop: string, name: string): void {
  check.require(typeof name === 'string' && /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(name), prop, name,
    'must name a PersistentVolumeClaim: a DNS-1123 subdomain (lowercase letters, digits, "-" and ".")');
}

/** A container image reference: non-empty, no whitespace. */
export function checkImage(check: PropsCheck, prop: string, image: string): void {
  check.require(image.length > 0 && !/\s/.test(image), prop, image,
    'must be a non-empty container image reference without spaces, e.g. "123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1.0"');
}

/** An `s3://bucket/key` URI. */
export function checkS3Uri(check: PropsCheck, prop: string, uri: string): void {
  if (!check.require(typeof uri === 'string' && S3_URI.test(uri), prop, uri,
    'must be an S3 URI "s3://<bucket>/<key>" with a valid bucket name and a non-empty key without spaces')) return;
  // The same bucket-name rule as MlBucket (reserved prefixes and suffixes, no IP-address form).
  const problem = bucketNameProblem(uri.slice('s3://'.length, uri.indexOf('/', 's3://'.length)));
  if (problem) check.fail(prop, uri, `the bucket name ${problem}`);
}

/** A label value, e.g. the version label. */
export function checkLabelValue(check: PropsCheck, prop: string, value: string): void {
  check.require(LABEL_VALUE.test(value) && value.length <= 63, prop, value,
    "must be a Kubernetes label value: at most 63 characters, alphanumeric at both ends, '-', '_' or '.' inside");
}

/** Environment variable names (what Kubernetes accepts), none of them reserved by the construct. */
export function checkEnv(check: PropsCheck, prop: string, env: Record<string, string>, reserved: readonly string[]): void {
  for (const name of Object.keys(env)) {
    check.require(/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name), `${prop}.${name}`, name,
      "must be an environment variable name: letters, digits, '_', '-' or '.', not starting with a digit");
    check.require(!reserved.includes(name), `${prop}.${name}`, name,
      `is set by the construct; choose another name (reserved: ${reserved.join(', ')})`);
  }
}

/** A Duration within [min, max] seconds. */
export function checkDurationSeconds(check: PropsCheck, prop: string, value: Duration | undefined, min: number, max: number): void {
  if (value === undefined) return;
  const seconds = value.toSeconds({ integral: false });
  check.require(seconds >= min && seconds <= max, prop, value.toHumanString(),
    `must be from ${min} to ${max} seconds`);
}

/** Overrides in range, and a pod that some instance type can still hold. */
export function checkResources(check: PropsCheck, prop: string, overrides: PodResourceOverrides, scheduling: GpuScheduling): void {
  check.integerInRange(`${prop}.cpuMillicores`, overrides.cpuMillicores, 1, 1_000_000);
  check.integerInRange(`${prop}.acceleratorCount`, overrides.acceleratorCount, 0, 64);
  if (overrides.memory !== undefined) {
    check.require(scheduling.memoryMebibytes !== undefined && scheduling.memoryMebibytes >= 16, `${prop}.memory`,
      overrides.memory.asString(), 'must be at least 16 MiB');
  }
  (overrides.tolerations ?? []).forEach((t, i) => {
    check.require(t.key.length > 0, `${prop}.tolerations[${i}].key`, t.key, 'must be a non-empty taint key');
    check.require(t.matchOperator !== TolerationOperator.EXISTS || t.value === undefined, `${prop}.tolerations[${i}].value`,
      t.value, 'must be omitted when matchOperator is EXISTS');
  });
  if (scheduling.fitsNoInstanceType) {
    check.fail(prop, describeRequest(scheduling), `must fit at least one ${scheduling.instanceType?.family} instance type `
      + `(requests are checked against each type's allocatable: ${JSON.stringify(familyCapacity(scheduling.instanceType))})`);
  }
}

function describeRequest(s: GpuScheduling): string {
  return `cpu ${s.cpuMillicores ?? 0}m, memory ${s.memoryMebibytes ?? 0}Mi, ${s.acceleratorCount} accelerator(s)`;
}

function familyCapacity(type: MlInstanceType | undefined): string[] {
  return MlInstanceType.all().filter((t) => t.family === type?.family).map((t) =>
    `${t.ec2InstanceType}: ${GpuScheduling.cpuRequestMillicores(t.vcpus)}m/${GpuScheduling.memoryRequestMebibytes(t.memoryGiB)}Mi/${t.acceleratorCount}`);
}

/** A DNS-1123 label (what namespace names must be): lowercase letters, digits and '-', alphanumeric at both ends. */
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain (a label or annotation key's prefix): dot-separated DNS-1123 labels, at most 253 characters. */
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** The name part of a label or annotation key. */
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** Kubernetes caps all of an object's annotations together at 256 KiB. */
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/** A namespace name: a DNS-1123 label of at most 63 characters (what the API server accepts). */
export function checkNamespaceName(check: PropsCheck, prop: string, name: unknown): void {
  check.require(typeof name === 'string' && DNS_1123_LABEL.test(name) && name.length <= 63, prop, name,
    "must be a namespace name: a DNS-1123 label of at most 63 characters (lowercase letters, digits and '-', "
    + 'alphanumeric at both ends, e.g. "ml-serving")');
}

/** A label or annotation key: `[prefix/]name`, the prefix a DNS-1123 subdomain ≤ 253, the name ≤ 63 characters. */
function isQualifiedKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !(prefix.length <= 253 && DNS_1123_SUBDOMAIN.test(prefix))) return false;
  return name.length <= 63 && QUALIFIED_NAME.test(name);
}

const KEY_ALLOWED = 'keys are "[prefix/]name": an optional DNS-1123 subdomain prefix (at most 253 characters) and a name of '
  + "1-63 characters, alphanumeric at both ends with '-', '_' or '.' inside (e.g. \"app.kubernetes.io/name\")";

/** The one rule for every label map a construct takes: qualified keys, label values. */
export function checkLabels(check: PropsCheck, prop: string, labels: { [key: string]: string } | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    check.require(isQualifiedKey(key), `${prop}["${key}"]`, key, KEY_ALLOWED);
    check.require(typeof value === 'string' && LABEL_VALUE.test(value) && value.length <= 63, `${prop}["${key}"]`, value,
      "values are Kubernetes label values: at most 63 characters, alphanumeric at both ends, '-', '_' or '.' inside");
  }
}

/** The one rule for every annotation map a construct takes: qualified keys, string values, 256 KiB in all. */
export function checkAnnotations(check: PropsCheck, prop: string, annotations: { [key: string]: string } | undefined): void {
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    check.require(isQualifiedKey(key), `${prop}["${key}"]`, key, KEY_ALLOWED);
    if (check.require(typeof value === 'string', `${prop}["${key}"]`, value, 'values are strings')) {
      bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
    }
  }
  check.require(bytes <= MAX_ANNOTATIONS_BYTES, prop, `${bytes} bytes`, 'annotations are at most 256 KiB in all (Kubernetes limit)');
}

/** A scratch (emptyDir) size limit: at least 1 MiB, so the pod is not evicted as soon as it writes. */
export function checkScratchSize(check: PropsCheck, prop: string, size: Size | undefined): void {
  if (size === undefined) return;
  let mib: number;
  try {
    mib = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  } catch {
    mib = Number.NaN;
  }
  check.require(Number.isFinite(mib) && mib >= 1, prop, size.asString(),
    'must be at least 1 MiB (an emptyDir with a zero size limit evicts the pod on its first write)');
}
