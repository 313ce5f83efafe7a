/**
 * Strict schema validation of the custom resources the k8s constructs render (Argo Rollouts, Argo CD,
 * KEDA, prometheus-operator, Karpenter), with their `@kubernetes-models/*` packages, in two passes:
 *
 * 1. the package's runtime `validate()` (JSON Schema: required fields, types, enums, patterns);
 * 2. unknown fields: those schemas accept any extra property (CRD schemas rarely say
 *    `additionalProperties: false`), so every object is also type-checked, as an object literal, against
 *    the package's TypeScript interface (`IRollout`, `IScaledObject`, ...). TypeScript's excess-property
 *    check rejects every field the CRD does not define, at any depth, and a wrong type or enum value.
 *
 * ```ts
 * validateCrdManifests(Testing.synth(chart).filter(isCustomResource));
 * ```
 */
import * as path from 'path';
import * as ts from 'typescript';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { ApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet';
import { AnalysisTemplate } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate';
import { Rollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout';
import { EC2NodeClass } from '@kubernetes-models/karpenter/karpenter.k8s.aws/v1/EC2NodeClass';
import { NodePool } from '@kubernetes-models/karpenter/karpenter.sh/v1/NodePool';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each model class takes its own typed input
type ModelClass = (new (data: any) => { validate(): void }) & { apiVersion: string; kind: string };

/** A CRD kind: its runtime model and the module and interface its TypeScript types live in. */
interface CrdModel {
  readonly model: ModelClass;
  readonly module: string;
}

const MODELS: CrdModel[] = [
  { model: Rollout as unknown as ModelClass, module: '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout' },
  { model: AnalysisTemplate as unknown as ModelClass, module: '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate' },
  { model: Application as unknown as ModelClass, module: '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application' },
  { model: ApplicationSet as unknown as ModelClass, module: '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet' },
  { model: ScaledObject as unknown as ModelClass, module: '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject' },
  { model: ServiceMonitor as unknown as ModelClass, module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor' },
  { model: PodMonitor as unknown as ModelClass, module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor' },
  { model: PrometheusRule as unknown as ModelClass, module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule' },
  { model: NodePool as unknown as ModelClass, module: '@kubernetes-models/karpenter/karpenter.sh/v1/NodePool' },
  { model: EC2NodeClass as unknown as ModelClass, module: '@kubernetes-models/karpenter/karpenter.k8s.aws/v1/EC2NodeClass' },
];

const BY_KEY = new Map(MODELS.map((m) => [`${m.model.apiVersion}/${m.model.kind}`, m]));

/** The `apiVersion/kind` pairs {@link validateCrdManifests} checks. */
export const VALIDATED_CRD_KINDS: readonly string[] = [...BY_KEY.keys()].sort();

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are untyped JSON
type Manifest = any;

/** Parsed declaration files, shared by the type checks of one test file. */
const PARSED = new Map<string, ts.SourceFile>();

/** True for objects of a CRD kind this module validates. */
export function isCustomResource(obj: Manifest): boolean {
  return BY_KEY.has(`${obj?.apiVersion}/${obj?.kind}`);
}

function describe(obj: Manifest, index: number): string {
  return `${obj?.kind ?? '<no kind>'} '${obj?.metadata?.name ?? '<no name>'}' (object ${index}, ${obj?.apiVersion})`;
}

/**
 * Field-level problems TypeScript finds when each object is typed as its package's interface: unknown
 * fields (at any depth), missing required fields, wrong types and enum values. Empty when all are clean.
 */
export function strictTypeProblems(objects: Manifest[]): string[] {
  const root = path.resolve(__dirname, '..', '..');
  const file = path.join(root, 'test', 'k8s', '__crd_strict_check__.mts');
  const imports: string[] = [];
  const lines: string[] = [];
  const typeNames = new Map<string, string>();
  objects.forEach((obj, i) => {
    const crd = BY_KEY.get(`${obj?.apiVersion}/${obj?.kind}`);
    if (!crd) throw new Error(`${describe(obj, i)}: no CRD model; known: ${VALIDATED_CRD_KINDS.join(', ')}`);
    let typeName = typeNames.get(crd.module);
    if (!typeName) {
      typeName = `T${typeNames.size}`;
      typeNames.set(crd.module, typeName);
      imports.push(`import type { I${crd.model.kind} as ${typeName} } from '${crd.module}';`);
    }
    lines.push(`export const o${i}: ${typeName} = ${JSON.stringify(obj)};`);
  });
  const source = [...imports, ...lines].join('\n');
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, skipLibCheck: true, types: [], lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (f) => f === file || fileExists(f);
  host.readFile = (f) => (f === file ? source : readFile(f));
  host.getSourceFile = (f, lang, ...rest) => {
    if (f === file) return ts.createSourceFile(f, source, lang);
    // The packages' declaration files never change during a run: parse each once.
    let parsed = PARSED.get(f);
    if (!parsed) {
      parsed = getSourceFile(f, lang, ...rest);
      if (parsed) PARSED.set(f, parsed);
    }
    return parsed;
  };
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return message;
    const line = d.file.getLineAndCharacterOfPosition(d.start).line - imports.length;
    const where = line >= 0 && line < objects.length ? describe(objects[line], line) : `line ${line}`;
    return `${where}: ${message}`;
  });
}

/**
 * Validates every object strictly (see the module comment). Throws one error listing every problem,
 * naming each object's kind, name and what is wrong.
 */
export function validateCrdManifests(objects: Manifest[]): void {
  const problems: string[] = [];
  objects.forEach((obj, i) => {
    const crd = BY_KEY.get(`${obj?.apiVersion}/${obj?.kind}`);
    if (!crd) {
      problems.push(`${describe(obj, i)}: no CRD model; known: ${VALIDATED_CRD_KINDS.join(', ')}`);
      return;
    }
    try {
      new crd.model(obj).validate();
    } catch (error) {
      problems.push(`${describe(obj, i)} is invalid: ${(error as Error).message}`);
    }
  });
  if (problems.length === 0) problems.push(...strictTypeProblems(objects));
  if (problems.length > 0) throw new Error(`${problems.length} invalid custom resource(s):\n${problems.join('\n')}`);
}
