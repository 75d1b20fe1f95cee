// The sandbox's HTTP server: routes Cognito API calls, well-known documents and
// the control endpoint; applies faults; records calls; keeps its state file;
// closes promptly.
//
// Every answer is one the AWS JSON 1.1 protocol could give (a modeled
// exception, UnknownOperationException, SerializationException) or a control
// endpoint's JSON; a request the sandbox cannot take apart (an odd path, method,
// target, content type or body) never reaches the catch-all.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CallLog, type SandboxCall } from './call-log';
import { validateConfig, type SandboxConfig } from './config';
import { handleControl } from './control';
import { demoConfig } from './demo-config';
import { defaultMessageFor } from './errors';
import { FaultQueue, parseFaultSpec, type FaultSpec } from './faults';
import { describeSandbox, type SandboxInfo } from './info';
import { OPERATIONS } from './operations';
import { loadStateFile, SandboxStateError, stateFileContents, writeFileAtomic } from './persistence';
import {
  errorResponse, isJson11, operationFromTarget, parseBody, responseForThrown, serializationErrorResponse,
  successResponse, unknownOperationResponse, type WireResponse,
} from './protocol';
import { isOAuthPath } from './oauth/router';
import { serveOAuth } from './oauth/serve';
import { requestInfoOf } from './sessions/request-info';
import { SandboxState } from './state';
import { matchWellKnown, wellKnownDocument } from './well-known';

const MAX_BODY_BYTES = 1024 * 1024;

export interface CallDetail {
  requestId: string;
  /** Wall-clock time from arrival to answer (or drop), including injected latency. */
  durationMs: number;
}

export interface SandboxServerOptions {
  /** Default: the state file's config when there is one, else demoConfig(). Validated here. */
  config?: SandboxConfig;
  /**
   * The port to listen on; 0 picks a free one. Default: the port the state
   * file last recorded (falling back to a free one if it is taken), else 0.
   */
  port?: number;
  /** When the given port is taken, take a free one instead of failing with EADDRINUSE. Default false. */
  portFallback?: boolean;
  host?: string;
  now?: () => number;
  /**
   * Keep the sandbox's state in this file: loaded when it exists, written
   * atomically after every change (and once at start).
   */
  stateFile?: string;
  /** Called after each Cognito API call with what the call log records. */
  onCall?: (call: SandboxCall, detail: CallDetail) => void;
  /** Called when the state file could not be written (the call that changed the state answers InternalErrorException). */
  onPersistError?: (error: Error) => void;
}

export interface RunningSandbox {
  readonly endpoint: string;
  readonly port: number;
  readonly info: SandboxInfo;
  readonly state: SandboxState;
  injectFault(f: FaultSpec): void;
  clearFaults(): void;
  calls(operation?: string): SandboxCall[];
  close(): Promise<void>;
}

export async function createSandboxServer(opts: SandboxServerOptions): Promise<RunningSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const stateFile = opts.stateFile === undefined ? null : resolvePath(opts.stateFile);
  const loaded = stateFile === null ? undefined : loadStateFile(stateFile);
  const given = opts.config === undefined ? undefined : validateConfig(opts.config);
  if (loaded && given && JSON.stringify(validateConfig(JSON.parse(JSON.stringify(given)))) !== JSON.stringify(loaded.config)) {
    throw new SandboxStateError(stateFile ?? '', 'was written for another config than the one given (start without a config to use the stored one)');
  }
  const config = loaded?.config ?? given ?? validateConfig(demoConfig());

  const server = createServer();
  // Idle keep-alive connections stay open for a minute, as AWS's front ends keep them (Node's
  // default closes them after 5 s). A client without retries (amazon-cognito-identity-js) that
  // sends on a connection the server is closing gets "Network error": seen on a loaded machine,
  // where a client's own 4 s idle timer fired late.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // Raw malformed HTTP (bad request line, headers, framing): what any HTTP
  // front end answers, a 400 that closes the connection; never a hang.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = '{"message":"Bad Request"}';
    socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nx-amzn-RequestId: ${randomUUID()}\r\nConnection: close\r\n\r\n${body}`);
  });

  const wantedPort = opts.port ?? loaded?.port ?? 0;
  const fallback = opts.portFallback === true || (opts.port === undefined && wantedPort !== 0);
  try {
    await listen(server, wantedPort, host);
  } catch (e) {
    if (!(fallback && (e as NodeJS.ErrnoException).code === 'EADDRINUSE')) throw e;
    await listen(server, 0, host);
  }
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${urlHost(host)}:${port}`;

  let state: SandboxState;
  try {
    state = await SandboxState.create(config, endpoint, opts.now ?? Date.now, loaded?.restored);
  } catch (e) {
    server.close();
    throw e;
  }
  const sandboxId = loaded?.sandboxId ?? randomUUID();
  const faults = new FaultQueue();
  for (const f of config.faults ?? []) faults.add(f);
  const calls = new CallLog();
  const info = describeSandbox(state, endpoint, { sandboxId, stateFile });
  const waits = new Set<() => void>();
  let closed = false;

  let savedRevision = -1;
  /** Writes the state file if anything changed since the last write. Returns false when the write failed. */
  const persist = (): boolean => {
    if (stateFile === null || state.revision === savedRevision) return true;
    const revision = state.revision;
    try {
      writeFileAtomic(stateFile, stateFileContents(state, sandboxId, port));
      savedRevision = revision;
      return true;
    } catch (e) {
      opts.onPersistError?.(e as Error);
      return false;
    }
  };
  if (!persist()) {
    server.close();
    throw new SandboxStateError(stateFile ?? '', 'cannot be written');
  }

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
    if (!isJson11(header(req, 'content-type'))) return unknownOperationResponse(requestId);
    let response: WireResponse;
    state.request = requestInfoOf(req);
    try {
      response = successResponse(requestId, OPERATIONS[operation](parseBody(raw), state));
    } catch (e) {
      response = responseForThrown(requestId, e);
    }
    state.request = undefined;
    // Saved before the client sees the answer: a refresh token it receives is on disk.
    if (!persist()) return errorResponse(requestId, 'InternalErrorException', 'The Cognito sandbox could not save its state file.');
    return response;
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const startedAt = performance.now();
    const at = state.now();
    const requestId = randomUUID();
    const target = header(req, 'x-amz-target');
    const operation = operationFromTarget(target);
    const logName = operation ?? (target ?? '').slice(0, 200);
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
    const associated = operation === 'RevokeToken' || operation === 'RevokeUserSession' ? associatedSessionsOf(raw) : undefined;
    if (associated !== undefined) call.revokeAssociatedSessions = associated;
    if (fault?.drop === 'after-processing') {
      // The call's effects are committed (handlers are synchronous); only the answer is lost.
      record({ ...call, dropped: true }, requestId, startedAt);
      return void req.socket.destroy();
    }
    send(res, response);
    record(call, requestId, startedAt);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    if (raw === undefined) {
      // Over 1 MiB: refuse it as a body the framework cannot take.
      const r = serializationErrorResponse(randomUUID(), 413);
      return send(res, { ...r, headers: { ...r.headers, Connection: 'close' } });
    }
    const { pathname, query } = splitUrl(req.url ?? '/');
    const method = req.method ?? 'GET';
    if (pathname.startsWith('/__sandbox/') || pathname === '/__sandbox') {
      const result = handleControl(method, pathname, query, raw, { state, faults, calls, info: () => info });
      if (result.changed && !persist()) return sendJson(res, 500, { error: 'the sandbox could not save its state file' });
      return sendJson(res, result.status, result.body);
    }
    if (isOAuthPath(pathname)) {
      // Managed login (oauth/serve.ts): faults, the call log and the state file as for an API call.
      return serveOAuth(req, res, pathname, query, raw, { state, faults, persist, delay, isClosed: () => closed, record });
    }
    if (method === 'POST' && pathname === '/') return handleApi(req, res, raw);
    if (method === 'GET' || method === 'HEAD') {
      const wk = matchWellKnown(pathname);
      const pool = wk && state.pool(wk.poolId);
      if (wk && pool) return sendJson(res, 200, wellKnownDocument(pool, wk.document));
    }
    // Nothing lives here: the framework's unknown-operation answer, with a 404.
    return send(res, unknownOperationResponse(randomUUID(), 404));
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => {
      // Only reached by a bug or a connection that broke while its body was read.
      if (res.headersSent || req.socket.destroyed) return void res.destroy();
      send(res, errorResponse(randomUUID(), 'InternalErrorException', 'Internal server error.'));
    });
  });

  return {
    endpoint,
    port,
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

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/**
 * The request target's path and query, without WHATWG URL parsing (which
 * rejects `//` and re-resolves `..`): the path is kept exactly as sent.
 */
function splitUrl(target: string): { pathname: string; query: URLSearchParams } {
  const q = target.indexOf('?');
  return q < 0 ? { pathname: target, query: new URLSearchParams() } : { pathname: target.slice(0, q), query: new URLSearchParams(target.slice(q + 1)) };
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

function send(res: ServerResponse, response: WireResponse): void {
  res.writeHead(response.status, { ...response.headers, 'Content-Length': String(Buffer.byteLength(response.body)) }).end(response.body);
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

/** The call log's RevokeAssociatedSessions: the request's value when it is one of the enum's, else nothing. */
function associatedSessionsOf(raw: Buffer): string | undefined {
  try {
    const value = (JSON.parse(raw.toString('utf8')) as { RevokeAssociatedSessions?: unknown } | null)?.RevokeAssociatedSessions;
    return value === 'NONE' || value === 'LINKED' ? value : undefined;
  } catch {
    return undefined;
  }
}
