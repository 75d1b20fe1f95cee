// Serving a managed-login request the way the server serves an API call: the
// fault queue applies (latency, a dropped connection before or after
// processing, an injected error), the call is recorded in the call log, and the
// state file is written before the answer leaves.
//
// Operation names for faults and the call log: OAuthAuthorize, OAuthLogin,
// OAuthLoginMfa, OAuthToken, OAuthRevoke, OAuthUserInfo, OAuthLogout. An injected error's
// name is turned into an OAuth error code (InvalidGrant -> invalid_grant);
// InternalErrorException answers 500 server_error.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { SandboxCall } from '../call-log';
import type { FaultQueue } from '../faults';
import { requestInfoOf } from '../sessions/request-info';
import type { SandboxState } from '../state';
import { jsonAnswer, writeAnswer, type HttpAnswer } from './http';
import { handleOAuth } from './router';

const OPERATION_NAMES: Record<string, string> = {
  '/oauth2/authorize': 'OAuthAuthorize',
  '/login': 'OAuthLogin',
  '/login/mfa': 'OAuthLoginMfa',
  '/oauth2/token': 'OAuthToken',
  '/oauth2/revoke': 'OAuthRevoke',
  '/oauth2/userInfo': 'OAuthUserInfo',
  '/logout': 'OAuthLogout',
};

export interface OAuthServeContext {
  state: SandboxState;
  faults: FaultQueue;
  /** Writes the state file if it changed; false when that failed. */
  persist: () => boolean;
  delay: (ms: number) => Promise<void>;
  isClosed: () => boolean;
  record: (call: SandboxCall, requestId: string, startedAt: number) => void;
}

function injectedError(name: string, message: string | undefined): HttpAnswer {
  if (name === 'InternalErrorException') return jsonAnswer(500, { error: 'server_error' });
  const code = name.replace(/[A-Z]/g, (c, i: number) => `${i === 0 ? '' : '_'}${c.toLowerCase()}`);
  return jsonAnswer(400, { error: code, ...(message ? { error_description: message } : {}) });
}

function errorNameOf(answer: HttpAnswer): string | undefined {
  if (answer.status < 400) return undefined;
  try {
    const body = JSON.parse(answer.body) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : undefined;
  } catch {
    return 'error_page';
  }
}

export async function serveOAuth(
  req: IncomingMessage, res: ServerResponse, pathname: string, query: URLSearchParams, raw: Buffer, ctx: OAuthServeContext,
): Promise<void> {
  const startedAt = performance.now();
  const at = ctx.state.now();
  const requestId = randomUUID();
  const operation = OPERATION_NAMES[pathname] ?? 'OAuth';
  const fault = ctx.faults.take(operation);
  if (fault?.latencyMs) await ctx.delay(fault.latencyMs);
  if (ctx.isClosed()) return void req.socket.destroy();
  if (fault?.drop === 'before-processing') {
    ctx.record({ operation, at, status: 0, dropped: true }, requestId, startedAt);
    return void req.socket.destroy();
  }
  let answer: HttpAnswer;
  if (fault?.error) {
    answer = injectedError(fault.error.name, fault.error.message);
  } else {
    ctx.state.request = requestInfoOf(req);
    try {
      answer = handleOAuth(ctx.state, req, pathname, query, raw);
    } finally {
      ctx.state.request = undefined;
    }
    if (!ctx.persist()) answer = jsonAnswer(500, { error: 'server_error', error_description: 'the sandbox could not save its state file' });
  }
  const call: SandboxCall = { operation, at, status: answer.status };
  const errorName = errorNameOf(answer);
  if (errorName) call.errorName = errorName;
  if (fault?.drop === 'after-processing') {
    ctx.record({ ...call, dropped: true }, requestId, startedAt);
    return void req.socket.destroy();
  }
  writeAnswer(res, answer, requestId);
  ctx.record(call, requestId, startedAt);
}
