/**
 * A local SageMaker endpoint: CreateModel / CreateEndpointConfig / UpdateEndpoint / DescribeEndpoint
 * over the reference container's `serve`, behind a recording proxy that is the endpoint's data capture.
 *
 * UpdateEndpoint is blue/green as on SageMaker: the new fleet (a `serve` process on the new model)
 * must answer /ping before the proxy switches to it; then the old one is stopped with SIGTERM.
 * Every request through the proxy is written as a SageMaker capture record (JSON Lines under
 * `<capture>/<endpoint>/<variant>/yyyy/mm/dd/hh/`, request and response, CSV/JSON as text).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { ContainerProcess, startContainer, waitForPort, waitUntilHealthy } from './container-process';
import { LocalS3 } from './local-s3';
import { localModelDir } from './local-training';

/** A model as CreateModel received it. */
interface LocalModel {
  readonly ModelName: string;
  readonly ModelDataUrl: string;
  readonly ModelPackageName?: string;
  readonly Environment: { [key: string]: string };
}

/** What serves now. */
interface Fleet {
  readonly endpointConfigName: string;
  readonly model: LocalModel;
  readonly process: ContainerProcess;
  readonly base: string;
}

/** One captured request/response pair, as Model Monitor reads it. */
export interface CaptureRecord {
  readonly captureData: {
    readonly endpointInput: { observedContentType: string; mode: 'INPUT'; data: string; encoding: 'CSV' | 'JSON' | 'BASE64' };
    readonly endpointOutput: { observedContentType: string; mode: 'OUTPUT'; data: string; encoding: 'CSV' | 'JSON' | 'BASE64' };
  };
  readonly eventMetadata: { eventId: string; inferenceTime: string };
  readonly eventVersion: '0';
}

function encodingOf(contentType: string): 'CSV' | 'JSON' | 'BASE64' {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === 'text/csv') return 'CSV';
  if (type === 'application/json') return 'JSON';
  return 'BASE64';
}

export class LocalEndpoint {
  private readonly models = new Map<string, LocalModel>();
  private readonly configs = new Map<string, { EndpointConfigName: string; ModelName: string; request: { [key: string]: unknown } }>();
  private fleet?: Fleet;
  private proxy?: http.Server;
  /** `http://127.0.0.1:<port>`: where clients send requests. */
  public url = '';
  /** Records written so far. */
  public captured = 0;
  /** Endpoint-config names in the order they went into service. */
  public readonly history: string[] = [];

  constructor(
    public readonly endpointName: string,
    private readonly s3: LocalS3,
    private readonly captureDir: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts the proxy (the endpoint's address); requests fail with 503 until a model is deployed. */
  public async start(): Promise<void> {
    this.proxy = http.createServer((req, res) => { void this.forward(req, res); });
    await new Promise<void>((resolve) => this.proxy!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.proxy.address() as { port: number }).port}`;
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const fleet = this.fleet;
    if (!fleet) {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"no model deployed"}');
      return;
    }
    try {
      const upstream = await fetch(`${fleet.base}${req.url}`, {
        method: req.method, headers: { 'content-type': String(req.headers['content-type'] ?? '') },
        body: req.method === 'POST' ? body : undefined,
      });
      const text = Buffer.from(await upstream.arrayBuffer());
      const responseType = upstream.headers.get('content-type') ?? 'application/octet-stream';
      if (req.url === '/invocations' && req.method === 'POST' && upstream.status === 200) {
        this.capture(String(req.headers['content-type'] ?? ''), body, responseType, text);
      }
      res.writeHead(upstream.status, { 'content-type': responseType }).end(text);
    } catch (e) {
      res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: (e as Error).message }));
    }
  }

  private capture(requestType: string, request: Buffer, responseType: string, response: Buffer): void {
    const now = new Date();
    const part = (n: number) => String(n).padStart(2, '0');
    const dir = path.join(this.captureDir, this.endpointName, 'AllTraffic', String(now.getUTCFullYear()), part(now.getUTCMonth() + 1),
      part(now.getUTCDate()), part(now.getUTCHours()));
    fs.mkdirSync(dir, { recursive: true });
    const data = (type: string, b: Buffer) => (encodingOf(type) === 'BASE64' ? b.toString('base64') : b.toString('utf8'));
    const record: CaptureRecord = {
      captureData: {
        endpointInput: { observedContentType: requestType, mode: 'INPUT', data: data(requestType, request), encoding: encodingOf(requestType) },
        endpointOutput: { observedContentType: responseType, mode: 'OUTPUT', data: data(responseType, response), encoding: encodingOf(responseType) },
      },
      eventMetadata: { eventId: randomUUID(), inferenceTime: now.toISOString() },
      eventVersion: '0',
    };
    fs.appendFileSync(path.join(dir, 'capture.jsonl'), JSON.stringify(record) + '\n');
    this.captured += 1;
  }

  public createModel(request: { ModelName: string; PrimaryContainer?: { ModelDataUrl?: string; ModelPackageName?: string; Environment?: { [k: string]: string } }; Containers?: unknown }) {
    const container = request.PrimaryContainer ?? {};
    const modelDataUrl = container.ModelDataUrl ?? this.modelDataOfPackage?.(container.ModelPackageName ?? '');
    if (!modelDataUrl) throw Object.assign(new Error(`CreateModel ${request.ModelName}: no ModelDataUrl or known ModelPackageName`), { name: 'SageMaker.ValidationException' });
    this.models.set(request.ModelName, {
      ModelName: request.ModelName, ModelDataUrl: modelDataUrl, ModelPackageName: container.ModelPackageName, Environment: container.Environment ?? {},
    });
    return { ModelArn: `arn:aws:sagemaker:us-east-1:123456789012:model/${request.ModelName.toLowerCase()}` };
  }

  /** Resolves a model package to its model data (set by the loop to the local registry). */
  public modelDataOfPackage?: (packageArn: string) => string | undefined;

  public createEndpointConfig(request: { EndpointConfigName: string; ProductionVariants: Array<{ ModelName: string }>; [key: string]: unknown }) {
    const modelName = request.ProductionVariants[0].ModelName;
    if (!this.models.has(modelName)) throw Object.assign(new Error(`CreateEndpointConfig: model ${modelName} does not exist`), { name: 'SageMaker.ValidationException' });
    this.configs.set(request.EndpointConfigName, { EndpointConfigName: request.EndpointConfigName, ModelName: modelName, request });
    return { EndpointConfigArn: `arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/${request.EndpointConfigName.toLowerCase()}` };
  }

  /**
   * Blue/green, as SageMaker does it: returns at once with the endpoint `Updating`; the new fleet starts,
   * and only once it answers /ping does traffic switch to it and the old fleet stop. A new fleet that
   * never becomes healthy leaves the old one serving (status back to InService on the old config:
   * what the pipeline reads as a rollback).
   */
  public updateEndpoint(request: { EndpointName: string; EndpointConfigName: string }) {
    const config = this.configs.get(request.EndpointConfigName);
    if (!config) throw Object.assign(new Error(`UpdateEndpoint: endpoint config ${request.EndpointConfigName} does not exist`), { name: 'SageMaker.ValidationException' });
    if (this.updating) throw Object.assign(new Error(`UpdateEndpoint: ${this.endpointName} is already updating`), { name: 'SageMaker.ValidationException' });
    this.updating = this.switchTo(config.EndpointConfigName, config.ModelName)
      .catch((e: Error) => {
        this.failedUpdate = true;
        this.log(`deploy: new fleet for ${config.EndpointConfigName} failed (${e.message}); the old fleet keeps serving`);
      })
      .finally(() => { this.updating = undefined; });
    return { EndpointArn: `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${this.endpointName.toLowerCase()}` };
  }

  /** Resolves once no update is in flight. */
  public async settled(): Promise<void> {
    await this.updating;
  }

  private updating?: Promise<void>;
  private failedUpdate = false;

  private async switchTo(endpointConfigName: string, modelName: string): Promise<void> {
    const config = this.configs.get(endpointConfigName)!;
    const model = this.models.get(modelName)!;
    this.failedUpdate = false;
    const modelDir = localModelDir(this.s3, model.ModelDataUrl);
    const proc = startContainer('serve', { ...model.Environment, SM_MODEL_DIR: modelDir, PORT: '0', HOST: '127.0.0.1' });
    try {
      const port = await waitForPort(proc);
      const base = `http://127.0.0.1:${port}`;
      await waitUntilHealthy(base);
      const old = this.fleet;
      this.fleet = { endpointConfigName: config.EndpointConfigName, model, process: proc, base };
      this.history.push(config.EndpointConfigName);
      this.log(`deploy: endpoint ${this.endpointName} now serves ${model.ModelName} (${config.EndpointConfigName}) from ${model.ModelDataUrl}`);
      if (old) await this.stopFleet(old);
    } catch (e) {
      proc.child.kill('SIGKILL');
      throw e;
    }
  }

  public describeEndpoint() {
    return {
      EndpointName: this.endpointName,
      EndpointArn: `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${this.endpointName.toLowerCase()}`,
      EndpointStatus: this.updating ? 'Updating' : this.fleet ? 'InService' : this.failedUpdate ? 'Failed' : 'Creating',
      // Before the first UpdateEndpoint the endpoint runs the configuration CloudFormation created.
      EndpointConfigName: this.fleet?.endpointConfigName ?? `${this.endpointName}-initial-config`,
      ProductionVariants: this.fleet ? [{ VariantName: 'AllTraffic', CurrentInstanceCount: 1, DesiredInstanceCount: 1 }] : [],
    };
  }

  /** What serves now: the model and its data. */
  public get serving(): { modelName: string; modelDataUrl: string; modelPackageName?: string; endpointConfigName: string } | undefined {
    return this.fleet && {
      modelName: this.fleet.model.ModelName, modelDataUrl: this.fleet.model.ModelDataUrl,
      modelPackageName: this.fleet.model.ModelPackageName, endpointConfigName: this.fleet.endpointConfigName,
    };
  }

  private async stopFleet(fleet: Fleet): Promise<void> {
    fleet.process.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([fleet.process.exited, new Promise((r) => { timer = setTimeout(() => r('timeout'), 15_000); })]);
    clearTimeout(timer);
    if (code === 'timeout') fleet.process.child.kill('SIGKILL');
  }

  /** Stops the fleet and the proxy (nothing is left running). */
  public async stop(): Promise<void> {
    await this.updating;
    if (this.fleet) await this.stopFleet(this.fleet);
    this.fleet = undefined;
    await new Promise<void>((resolve) => {
      if (!this.proxy) return resolve();
      this.proxy.close(() => resolve());
      this.proxy.closeAllConnections();
    });
  }
}
