import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ROOT } from './fixtures';

/**
 * The Jenkins, GitLab and GitHub pipelines run only the package's npm scripts, so they cannot drift from
 * the repository: every command is `npm ci`, `npm test`, `npm ls` or `npm run <script>` of package.json,
 * and each runs the same stages in the same order.
 */
const read = (name: string) => fs.readFileSync(path.join(ROOT, name), 'utf8');

function jenkinsCommands(): string[] {
  return [...read('Jenkinsfile').matchAll(/^\s*(?:steps \{ )?sh '([^']+)'/gm)].map((m) => m[1]);
}

interface GitLabJob { before_script?: string[]; script?: string[] }
function gitlabCommands(): string[] {
  const file = parse(read('.gitlab-ci.yml')) as { default?: GitLabJob; stages: string[] } & { [job: string]: GitLabJob | string[] };
  const jobs = Object.entries(file).filter(([key, value]) => !['default', 'stages'].includes(key) && typeof value === 'object') as [string, GitLabJob][];
  return [...(file.default?.before_script ?? []), ...jobs.flatMap(([, job]) => [...(job.before_script ?? []), ...(job.script ?? [])])];
}

interface Workflow { jobs: { [job: string]: { steps: { run?: string }[] } } }
function githubCommands(): string[] {
  const workflow = parse(read('.github/workflows/ci.yml')) as Workflow;
  return Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => (step.run ? step.run.trim().split('\n') : [])));
}

const STAGES = ['npm ci', 'npm run lint', 'npm test', 'npm run validate-config', 'npm run synth', 'npm run build-image', 'npm run deploy'];

describe.each([
  ['Jenkinsfile', jenkinsCommands],
  ['.gitlab-ci.yml', gitlabCommands],
  ['.github/workflows/ci.yml', githubCommands],
])('%s', (_name, commands) => {
  const scripts = Object.keys(JSON.parse(read('package.json')).scripts);

  test('runs only npm, and every `npm run` script exists in package.json', () => {
    const found = commands();
    expect(found.length).toBeGreaterThanOrEqual(STAGES.length);
    for (const command of found) {
      expect(command).toMatch(/^npm (ci|test|ls|run [a-z][a-z0-9:-]*)( --[a-z-]+(=\S+)?| \.npm)*$/);
      const script = /^npm run (\S+)/.exec(command)?.[1];
      if (script) expect(scripts).toContain(script);
    }
  });

  test('runs the stages install → lint → test → validate config → synth → build image → deploy, in order', () => {
    const found = commands().map((c) => c.replace(/ --.*$/, ''));
    const positions = STAGES.map((stage) => found.indexOf(stage));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});
