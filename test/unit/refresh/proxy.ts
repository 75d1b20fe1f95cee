// A tiny HTTP proxy on 127.0.0.1 in front of the sandbox, for what the sandbox itself cannot
// do: answer an operation the way another server would (moto's HTML 500 page), or hold a
// request until the test releases it (a refresh provably in flight, without timing). Every
// other request goes to the sandbox unchanged. Nothing here touches the SDK: the real SDK
// talks real HTTP to this server.

import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with one request: forward it, answer moto's HTML 500, or hold it. */
export type ProxyAction = 'forward' | 'html-500' | 'hold';

/** moto's answer to an operation it does not implement (a Flask error page). */
export const MOTO_HTML_500 =
  '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your request.</p>\n';

export interface Proxy {
  readonly endpoint: string;
  /** Requests received for an operation (the X-Amz-Target's operation name), whatever was done with them. */
  received(operation: string): number;
  /** Resolves once a held request has arrived, with the function that sends it on to the sandbox. */
  nextHeld(): Promise<() => void>;
  close(): Promise<void>;
}

/** `decide` is asked per request with the operation name and how many requests of it came before. */
export async function startProxy(upstream: string, decide: (operation: string, index: number) => ProxyAction): Promise<Proxy> {
  const up = new URL(upstream);
  const counts = new Map<string, number>();
  const held: (() => void)[] = [];
  const waiters: ((release: () => void) => void)[] = [];

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const out = request(
      { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: { ...req.headers, host: up.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    out.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const target = req.headers['x-amz-target'];
      const operation = (Array.isArray(target) ? target[0] : target)?.split('.').pop() ?? '';
      const index = counts.get(operation) ?? 0;
      counts.set(operation, index + 1);
      const action = decide(operation, index);
      if (action === 'html-500') {
        res.writeHead(500, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(MOTO_HTML_500) });
        res.end(MOTO_HTML_500);
        return;
      }
      if (action === 'forward') return forward(req, res, body);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        forward(req, res, body);
      };
      const waiter = waiters.shift();
      if (waiter) waiter(release);
      else held.push(release);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    received: (operation) => counts.get(operation) ?? 0,
    nextHeld: () => {
      const ready = held.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiters.push(resolve));
    },
    close: async () => {
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
    },
  };
}
