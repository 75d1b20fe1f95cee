// Client authentication at the token and revocation endpoints:
// client_secret_basic (HTTP Basic) or client_secret_post (client_id and
// client_secret in the form), never both (RFC 6749 §2.3). A public client
// names itself with client_id.
//
// invalid_client is 401 with `WWW-Authenticate: Basic` when the client tried
// Basic, else 400 (RFC 6749 §5.2). A secret sent for a public client is
// refused as invalid_client (assumption: Cognito's answer is undocumented).

import { sameSecret } from '../client-auth';
import type { ClientRuntime, SandboxState } from '../state';
import { basicCredentials, OAuthError } from './http';

export function authenticateClient(state: SandboxState, form: Map<string, string>, authorization: string | undefined): ClientRuntime {
  const basic = basicCredentials(authorization);
  const refuse = (description: string) =>
    (basic ? new OAuthError('invalid_client', description, 401, { 'WWW-Authenticate': 'Basic' }) : new OAuthError('invalid_client', description));
  if (basic && form.has('client_secret')) throw new OAuthError('invalid_request', 'use one client authentication method, not Basic and client_secret together');
  const formId = form.get('client_id');
  if (basic && formId !== undefined && formId !== basic.clientId) throw new OAuthError('invalid_request', 'client_id differs from the Basic credentials');
  const clientId = basic?.clientId ?? formId;
  if (clientId === undefined || clientId === '') throw new OAuthError('invalid_request', 'client_id is missing');
  const client = state.client(clientId);
  if (!client) throw refuse('the app client does not exist');
  const secret = basic?.clientSecret ?? form.get('client_secret');
  const expected = client.config.clientSecret;
  if (expected === null) {
    if (secret !== undefined && secret !== '') throw refuse('the app client has no secret');
    return client;
  }
  if (secret === undefined || secret === '') throw refuse('the app client has a secret: send it with HTTP Basic or as client_secret');
  if (!sameSecret(secret, expected)) throw refuse('client authentication failed');
  return client;
}
