// What an operation may need to know about the HTTP request it answers: the
// caller's address and user agent (session tracking) and the Authorization
// header (the IAM-authorized admin operations). The server sets it on the
// state around each synchronous handler call (SandboxState.request).

import type { IncomingMessage } from 'node:http';

export interface RequestInfo {
  /** The socket's remote address, without the IPv4-mapped `::ffff:` prefix. */
  remoteAddress?: string;
  userAgent?: string;
  authorization?: string;
}

export function requestInfoOf(req: IncomingMessage): RequestInfo {
  const header = (name: string): string | undefined => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const address = req.socket.remoteAddress;
  return {
    remoteAddress: address?.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address,
    userAgent: header('user-agent'),
    authorization: header('authorization'),
  };
}
