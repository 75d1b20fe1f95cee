// Helpers for the error catalog tests: tiny local servers that misbehave on
// purpose, and an SDK client pointed at them. No AWS account is involved.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { CognitoIdentityProviderClient, GetTokensFromRefreshTokenCommand } from '@aws-sdk/client-cognito-identity-provider';

export interface LocalServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function startServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<LocalServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that was free a moment ago and has nothing listening now. */
export async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Replies like a Cognito endpoint: awsJson1.1 error body with `__type`. */
export function cognitoError(status: number, type: string, message?: string, headers: Record<string, string> = {}) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...headers });
    res.end(JSON.stringify(message === undefined ? { __type: type } : { __type: type, message }));
  };
}

type ClientConfig = ConstructorParameters<typeof CognitoIdentityProviderClient>[0];

/** Calls GetTokensFromRefreshToken once (no SDK retries) and returns what it throws. */
export async function refreshError(endpoint: string, config: ClientConfig = {}, abortSignal?: AbortSignal): Promise<unknown> {
  const client = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint, maxAttempts: 1, ...config });
  try {
    await client.send(
      new GetTokensFromRefreshTokenCommand({ RefreshToken: 'not-a-real-token', ClientId: 'exampleclientid' }),
      abortSignal ? { abortSignal } : {},
    );
  } catch (err) {
    return err;
  } finally {
    client.destroy();
  }
  throw new Error('expected the call to fail');
}

/** Resolves with what `fn` rejects with. */
export async function rejection(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}
