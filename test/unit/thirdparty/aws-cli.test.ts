// The AWS CLI (a client nobody here wrote: botocore's own model, serializer and error parser)
// against the sandbox: sign-in, both refresh operations, rotation, revocation and the errors
// as the CLI prints them. Skipped, with the reason printed, where no `aws` is installed.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index';

const version = spawnSync('aws', ['--version'], { encoding: 'utf8' });
const cliMissing = version.status === 0 ? false : `the AWS CLI is not installed (${version.error?.message ?? version.stderr.trim()})`;
const hasGetTokens = !cliMissing && /get-tokens-from-refresh-token/.test(spawnSync('aws', ['cognito-idp', 'help'], { encoding: 'utf8', env: { ...process.env, PAGER: 'cat', MANPAGER: 'cat' } }).stdout ?? '');
if (cliMissing) console.log(`# aws-cli: skipped: ${cliMissing}`);
else console.log(`# aws-cli: ${(version.stdout || version.stderr).trim()}${hasGetTokens ? '' : ' (no get-tokens-from-refresh-token in this version)'}`);

interface CliResult {
  status: number | null;
  json: Record<string, unknown> | undefined;
  stderr: string;
}

void describe('the AWS CLI against the sandbox', { skip: cliMissing }, () => {
  let sandbox: SandboxHandle;
  let home: string;

  before(async () => {
    sandbox = await startSandbox();
    home = mkdtempSync(join(tmpdir(), 'ctd-aws-cli-'));
  });
  after(async () => {
    await sandbox?.close();
    rmSync(home, { recursive: true, force: true });
  });

  /** One `aws cognito-idp` call: unsigned, no profile, config or metadata service of this machine. */
  function cli(args: string[]): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('aws', ['cognito-idp', ...args, '--endpoint-url', sandbox.endpoint, '--region', sandbox.info.region, '--no-sign-request', '--output', 'json'], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          AWS_CONFIG_FILE: join(home, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_PAGER: '',
          ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
        },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, json: out.trim() ? (JSON.parse(out) as Record<string, unknown>) : undefined, stderr: err }));
    });
  }

  function client(name: string): string {
    const c = sandbox.info.clients.find((x) => x.name === name);
    assert.ok(c, `no client ${name}`);
    return c.clientId;
  }

  async function signIn(clientName: string): Promise<{ IdToken: string; AccessToken: string; RefreshToken: string }> {
    const { user } = sandbox.info;
    const r = await cli(['initiate-auth', '--client-id', client(clientName), '--auth-flow', 'USER_PASSWORD_AUTH', '--auth-parameters', `USERNAME=${user.username},PASSWORD=${user.password}`]);
    assert.equal(r.status, 0, r.stderr);
    const result = r.json?.['AuthenticationResult'] as { IdToken: string; AccessToken: string; RefreshToken: string; ExpiresIn: number; TokenType: string };
    assert.equal(result.TokenType, 'Bearer');
    assert.equal(result.ExpiresIn, 3600);
    assert.equal(result.IdToken.split('.').length, 3);
    return result;
  }

  it('signs in with USER_PASSWORD_AUTH and refreshes with REFRESH_TOKEN_AUTH (no new refresh token)', async () => {
    const tokens = await signIn('no-rotation');
    const r = await cli(['initiate-auth', '--client-id', client('no-rotation'), '--auth-flow', 'REFRESH_TOKEN_AUTH', '--auth-parameters', `REFRESH_TOKEN=${tokens.RefreshToken}`]);
    assert.equal(r.status, 0, r.stderr);
    const result = r.json?.['AuthenticationResult'] as Record<string, unknown>;
    assert.equal(typeof result['AccessToken'], 'string');
    assert.equal(result['RefreshToken'], undefined, 'REFRESH_TOKEN_AUTH never returns a refresh token');
  });

  it('GetTokensFromRefreshToken rotates; the old token is then refused with RefreshTokenReuseException', { skip: !hasGetTokens && 'this CLI has no get-tokens-from-refresh-token' }, async () => {
    const tokens = await signIn('rotating-no-grace');
    const first = await cli(['get-tokens-from-refresh-token', '--client-id', client('rotating-no-grace'), '--refresh-token', tokens.RefreshToken]);
    assert.equal(first.status, 0, first.stderr);
    const rotated = (first.json?.['AuthenticationResult'] as Record<string, unknown>)['RefreshToken'];
    assert.equal(typeof rotated, 'string');
    assert.notEqual(rotated, tokens.RefreshToken);
    const reused = await cli(['get-tokens-from-refresh-token', '--client-id', client('rotating-no-grace'), '--refresh-token', tokens.RefreshToken]);
    assert.notEqual(reused.status, 0);
    assert.match(reused.stderr, /An error occurred \(RefreshTokenReuseException\) when calling the GetTokensFromRefreshToken operation/);
  });

  it('RevokeToken revokes: the refresh token is then refused as revoked', async () => {
    const tokens = await signIn('no-rotation');
    const revoked = await cli(['revoke-token', '--client-id', client('no-rotation'), '--token', tokens.RefreshToken]);
    assert.equal(revoked.status, 0, revoked.stderr);
    const r = await cli(['initiate-auth', '--client-id', client('no-rotation'), '--auth-flow', 'REFRESH_TOKEN_AUTH', '--auth-parameters', `REFRESH_TOKEN=${tokens.RefreshToken}`]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\(NotAuthorizedException\) when calling the InitiateAuth operation: Refresh Token has been revoked/);
  });

  it('errors reach the CLI as Cognito writes them: a wrong password, an unknown client, a missing parameter', async () => {
    const { user } = sandbox.info;
    const wrong = await cli(['initiate-auth', '--client-id', client('no-rotation'), '--auth-flow', 'USER_PASSWORD_AUTH', '--auth-parameters', `USERNAME=${user.username},PASSWORD=not-the-password`]);
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr, /\(NotAuthorizedException\) when calling the InitiateAuth operation: Incorrect username or password\./);
    const unknown = await cli(['initiate-auth', '--client-id', 'nosuchclient0000000000000', '--auth-flow', 'REFRESH_TOKEN_AUTH', '--auth-parameters', 'REFRESH_TOKEN=x']);
    assert.notEqual(unknown.status, 0);
    assert.match(unknown.stderr, /\(ResourceNotFoundException\) when calling the InitiateAuth operation: User pool client nosuchclient0000000000000 does not exist\./);
    const missing = await cli(['initiate-auth', '--client-id', client('no-rotation'), '--auth-flow', 'REFRESH_TOKEN_AUTH', '--auth-parameters', 'SECRET_HASH=x']);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /\(InvalidParameterException\) when calling the InitiateAuth operation/);
  });
});
