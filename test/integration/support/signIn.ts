// Signs in to a (sandbox) user pool the way an app does: the AWS SDK's InitiateAuth with
// USER_PASSWORD_AUTH. Used by the integration suite, the e2e run and `npm run demo`.
import { createHmac } from 'node:crypto';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';

export interface PoolClient {
  name: string;
  clientId: string;
  clientSecret: string | null;
}

export interface SignInTarget {
  endpoint: string;
  region: string;
  clients: PoolClient[];
  user: { username: string; password: string };
}

export interface PoolTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string | undefined;
  client: PoolClient;
}

/** SECRET_HASH = Base64(HMAC-SHA256(client secret, username + client id)). */
export function secretHash(client: PoolClient, username: string): string | undefined {
  return client.clientSecret ? createHmac('sha256', client.clientSecret).update(username + client.clientId).digest('base64') : undefined;
}

export async function signIn(target: SignInTarget, clientName?: string): Promise<PoolTokens> {
  const client =
    (clientName ? target.clients.find((c) => c.name === clientName) : undefined) ??
    target.clients.find((c) => !c.clientSecret) ??
    target.clients[0];
  if (!client) throw new Error('the pool has no app client');
  const sdk = new CognitoIdentityProviderClient({
    region: target.region,
    endpoint: target.endpoint,
    // InitiateAuth is unauthenticated; fixed credentials keep the SDK from searching for any.
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    maxAttempts: 1,
  });
  try {
    const hash = secretHash(client, target.user.username);
    const out = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: client.clientId,
        AuthParameters: {
          USERNAME: target.user.username,
          PASSWORD: target.user.password,
          ...(hash ? { SECRET_HASH: hash } : {}),
        },
      }),
    );
    const r = out.AuthenticationResult;
    if (!r?.IdToken || !r.AccessToken) throw new Error(`InitiateAuth returned no tokens (challenge ${out.ChallengeName ?? 'none'})`);
    return { idToken: r.IdToken, accessToken: r.AccessToken, refreshToken: r.RefreshToken, client };
  } finally {
    sdk.destroy();
  }
}
