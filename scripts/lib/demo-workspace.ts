// Writes a small workspace whose files hold REAL tokens from the sandbox, as a developer's
// project would: a .env, an InitiateAuth result, an API log with Bearer headers, a note.
// Used by `npm run demo` and the e2e run (run with tsx: it imports the TypeScript sandbox).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index';
import { signIn, type PoolTokens } from '../../test/integration/support/signIn';

export interface DemoWorkspace {
  dir: string;
  tokens: PoolTokens;
  /** An access token of the same pool that expired two hours ago. */
  expiredAccessToken: string;
  files: { env: string; authResult: string; log: string; notes: string };
}

/** Signs in to `sandbox` (and to a sandbox whose clock runs 3 h behind, for an expired token) and writes `dir`. */
export async function writeDemoWorkspace(dir: string, sandbox: SandboxHandle): Promise<DemoWorkspace> {
  const tokens = await signIn(sandbox.info);
  const past = await startSandbox({ now: () => Date.now() - 3 * 3600_000 });
  let expiredAccessToken: string;
  try {
    expiredAccessToken = (await signIn(past.info)).accessToken;
  } finally {
    await past.close();
  }

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const info = sandbox.info;
  const stamp = new Date().toISOString();

  const env = [
    `# Signed in to the local sandbox at ${stamp} (USER_PASSWORD_AUTH, client "${tokens.client.name}").`,
    '# Put the cursor on a token and run "Cognito: Decode Token" (F1).',
    `COGNITO_ENDPOINT=${info.endpoint}`,
    `COGNITO_REGION=${info.region}`,
    `COGNITO_USER_POOL_ID=${info.userPoolId}`,
    `COGNITO_CLIENT_ID=${tokens.client.clientId}`,
    `ID_TOKEN=${tokens.idToken}`,
    `ACCESS_TOKEN=${tokens.accessToken}`,
    `REFRESH_TOKEN=${tokens.refreshToken ?? ''}`,
    '',
  ].join('\n');

  const authResult = JSON.stringify(
    {
      $metadata: { httpStatusCode: 200 },
      AuthenticationResult: {
        AccessToken: tokens.accessToken,
        ExpiresIn: 3600,
        IdToken: tokens.idToken,
        RefreshToken: tokens.refreshToken,
        TokenType: 'Bearer',
      },
      ChallengeParameters: {},
    },
    null,
    2,
  );

  const t = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const log = [
    `${t(125)} INFO  api GET /v1/profile 200 12ms Authorization: Bearer ${expiredAccessToken}`,
    `${t(5)} WARN  api GET /v1/orders 401 3ms Authorization: Bearer ${expiredAccessToken} error="The incoming token has expired"`,
    `${t(1)} INFO  api GET /v1/orders 200 18ms Authorization: Bearer ${tokens.accessToken}`,
    '',
  ].join('\n');

  const notes = [
    '# Why does /v1/orders return 401?',
    '',
    'The failing request (see `api.log`) sent this access token:',
    '',
    `\`${expiredAccessToken}\``,
    '',
    'and the retry after signing in again sent this one:',
    '',
    `\`${tokens.accessToken}\``,
    '',
    `Both come from pool \`${info.userPoolId}\`. Decode them (cursor on the token, then **Cognito: Decode Token**) and compare \`exp\`.`,
    '',
  ].join('\n');

  const files = { env: '.env', authResult: 'auth-result.json', log: 'api.log', notes: 'notes.md' };
  writeFileSync(join(dir, files.env), env);
  writeFileSync(join(dir, files.authResult), authResult + '\n');
  writeFileSync(join(dir, files.log), log);
  writeFileSync(join(dir, files.notes), notes);
  return { dir, tokens, expiredAccessToken, files };
}
