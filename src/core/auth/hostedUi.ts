// Managed login (hosted UI): authorization code with PKCE S256 through a one-shot loopback redirect.

import type { AuthorizeRequest, CodeExchangeInput, HostedUiTarget, LoopbackOptions, LoopbackRedirect, SignInStep } from './types';

export function openLoopbackRedirect(options: LoopbackOptions): Promise<LoopbackRedirect> {
  void options;
  return Promise.reject(new Error('openLoopbackRedirect: not implemented yet'));
}

export function buildAuthorizeUrl(target: HostedUiTarget, redirectUri: string): AuthorizeRequest {
  void target;
  void redirectUri;
  throw new Error('buildAuthorizeUrl: not implemented yet');
}

export function exchangeCode(target: HostedUiTarget, input: CodeExchangeInput, fetchImpl?: typeof fetch): Promise<SignInStep> {
  void target;
  void input;
  void fetchImpl;
  return Promise.reject(new Error('exchangeCode: not implemented yet'));
}

export function discoverHostedUiDomain(issuer: string, fetchImpl?: typeof fetch): Promise<string | undefined> {
  void issuer;
  void fetchImpl;
  return Promise.reject(new Error('discoverHostedUiDomain: not implemented yet'));
}
