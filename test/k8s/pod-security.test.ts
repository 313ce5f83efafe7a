/** Issue 10: pods on the BASELINE profile drop ALL capabilities and add back only what root images need. */
import { Testing } from 'cdk8s';
import { MlInstanceType } from '../../constructs/core/instance-type';
import { KubeModelServing, KubeSecurityProfile } from '../../constructs/k8s';
import { BASELINE_CAPABILITIES, containerSecurityContext } from '../../constructs/k8s/private/pod-security';

const IMAGE = '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.6.0-gpu-py312-cu124-ubuntu22.04-sagemaker';

test('BASELINE drops ALL and adds back only the file-ownership and user-switch capabilities', () => {
  const ctx = containerSecurityContext(KubeSecurityProfile.BASELINE, 10001);
  expect(ctx.capabilities).toEqual({ drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'] });
  // None of the runtime defaults that matter to an attacker come back.
  for (const dangerous of ['NET_RAW', 'MKNOD', 'SYS_CHROOT', 'SETFCAP', 'SETPCAP', 'NET_BIND_SERVICE', 'SYS_ADMIN']) {
    expect(BASELINE_CAPABILITIES).not.toContain(dangerous);
  }
  expect(ctx).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, seccompProfile: { type: 'RuntimeDefault' } });
});

test('a BASELINE serving pod renders it on its main container; init containers stay restricted', () => {
  const chart = Testing.chart();
  new KubeModelServing(chart, 'Vision', { image: IMAGE, instanceType: MlInstanceType.G5_XLARGE, securityProfile: KubeSecurityProfile.BASELINE });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const deployment = Testing.synth(chart).find((o: any) => o.kind === 'Deployment');
  const pod = deployment.spec.template.spec;
  expect(pod.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: BASELINE_CAPABILITIES });
  for (const init of pod.initContainers ?? []) expect(init.securityContext.capabilities).toEqual({ drop: ['ALL'] });
});

test('RESTRICTED stays at no capabilities at all', () => {
  expect(containerSecurityContext(KubeSecurityProfile.RESTRICTED, 10001).capabilities).toEqual({ drop: ['ALL'] });
});
