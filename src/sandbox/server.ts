// The sandbox's HTTP server: routes Cognito API calls, well-known documents and
// the control endpoint; applies faults; records calls; closes promptly.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { CallLog, type SandboxCall } from './call-log';
import type { SandboxConfig } from './config';
import { handleControl } from './control';
import { defaultMessageFor } from './errors';
import { FaultQueue, parseFaultSpec, type FaultSpec } from './faults';
import { describeSandbox, type SandboxInfo } from './info';
import { OPERATIONS } from './operations';
import {
  errorResponse, isJson11, operationFromTarget, parseBody, responseForThrown, serializationErrorResponse,
  successResponse, unknownOperationResponse, type WireResponse,
} from './protocol';
import { SandboxState } from './state';
import { matchWellKnown, wellKnownDocument } from './well-known';

const MAX_BODY_BYTES = 1024 * 1024;

export interface CallDetail {
  requestId: string;
  /** Wall-clock time from arrival to answer (or drop), including injected latency. */
  durationMs: number;
}

export interface SandboxServerOptions {
  config: SandboxConfig;
  port?: number;
  host?: string;
  now?: () => number;
  /** Called after each Cognito API call with what the call log records. */
  onCall?: (call: SandboxCall, detail: CallDetail) => void;
}

export interface RunningSandbox {
  readonly endpoint: string;
  readonly info: SandboxInfo;
  readonly state: SandboxState;
  injectFault(f: FaultSpec): void;
  clearFaults(): void;
  calls(operation?: string): SandboxCall[];
  close(): Promise<void>;
}

export async function createSandboxServer(opts: SandboxServerOptions): Promise<RunningSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const server = createServer();
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${urlHost(host)}:${port}`;

  let state: SandboxState;
  try {
    state = await SandboxState.create(opts.config, endpoint, opts.now ?? Date.now);
  } catch (e) {
    server.close();
    throw e;
  }
  const faults = new FaultQueue();
  for (const f of opts.config.faults ?? []) faults.add(f);
  const calls = new CallLog();
  const info = describeSandbox(state, endpoint);
  const waits = new Set<() => void>();
  let closed = false;

  /** Injected latency: resolves early when the sandbox closes. */
  const delay = (ms: number) => new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      waits.delete(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    waits.add(done);
  });

  const record = (call: SandboxCall, requestId: string, startedAt: number) => {
    calls.add(call);
    opts.onCall?.({ ...call }, { requestId, durationMs: performance.now() - startedAt });
  };

  const dispatch = (req: IncomingMessage, operation: string | undefined, raw: Buffer, requestId: string): WireResponse => {
    if (operation === undefined || !Object.hasOwn(OPERATIONS, operation) || state.isUnsupported(operation)) {
      return unknownOperationResponse(requestId);
    }
    // The framework picks the protocol by Content-Type; an AWS JSON 1.1 target
    // without it cannot be routed (assumed to answer like an unknown operation).
    if (!isJson11(req.headers['content-type'])) return unknownOperationResponse(requestId);
    try {
      return successResponse(requestId, OPERATIONS[operation](parseBody(raw), state));
    } catch (e) {
      return responseForThrown(requestId, e);
    }
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const startedAt = performance.now();
    const at = state.now();
    const requestId = randomUUID();
    const target = header(req, 'x-amz-target');
    const operation = operationFromTarget(target);
    const logName = operation ?? target ?? '';
    const fault = faults.take(logName);
    if (fault?.latencyMs) await delay(fault.latencyMs);
    if (closed) return void req.socket.destroy();
    if (fault?.drop === 'before-processing') {
      record({ operation: logName, at, status: 0, dropped: true }, requestId, startedAt);
      return void req.socket.destroy();
    }
    const response = fault?.error
      ? errorResponse(requestId, fault.error.name, fault.error.message ?? defaultMessageFor(fault.error.name))
      : dispatch(req, operation, raw, requestId);
    const call: SandboxCall = { operation: logName, at, status: response.status };
    if (response.errorName) call.errorName = response.errorName;
    if (fault?.drop === 'after-processing') {
      // The call's effects are committed (handlers are synchronous); only the answer is lost.
      record({ ...call, dropped: true }, requestId, startedAt);
      return void req.socket.destroy();
    }
    res.writeHead(response.status, { ...response.headers, 'Content-Length': String(Buffer.byteLength(response.body)) }).end(response.body);
    record(call, requestId, startedAt);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    if (raw === undefined) {
      // Over 1 MiB: refuse it as a body the framework cannot take.
      const r = serializationErrorResponse(randomUUID());
      res.writeHead(413, { ...r.headers, Connection: 'close' }).end(r.body);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/__sandbox/')) {
      const result = handleControl(method, url, raw, { state, faults, calls, info });
      return sendJson(res, result.status, result.body);
    }
    if (method === 'GET' || method === 'HEAD') {
      const wk = matchWellKnown(url.pathname);
      const pool = wk && state.pool(wk.poolId);
      if (wk && pool) return sendJson(res, 200, wellKnownDocument(pool, wk.document));
      return sendJson(res, 404, { message: 'Not Found' });
    }
    if (method === 'POST' && url.pathname === '/') return handleApi(req, res, raw);
    return sendJson(res, 404, { message: 'Not Found' });
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { message: 'sandbox failure' });
      else res.destroy();
    });
  });

  return {
    endpoint,
    info,
    state,
    injectFault: (f) => faults.add(parseFaultSpec(f)),
    clearFaults: () => faults.clear(),
    calls: (operation) => calls.list(operation),
    close: async () => {
      if (closed) return;
      closed = true;
      for (const wake of [...waits]) wake();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await done;
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    'x-amzn-RequestId': randomUUID(),
  }).end(text);
}

/** The host part of the endpoint URL: wildcard binds are reached through loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
