// npm run sandbox [-- --port N] [--config file.json] [--state file.json]
//
// Prints, as its first stdout line, one JSON object describing the sandbox
// (endpoint, region, pool, every app client with its demo secret, the demo user
// and password: sandbox-only values, printed on purpose), then human-readable
// lines and one redacted line per request. Never prints a token.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { SandboxCall } from './call-log';
import { SandboxConfigError, validateConfig, type SandboxConfig, type UserConfig } from './config';
import { SandboxStateError } from './persistence';
import { createSandboxServer, type CallDetail } from './server';

const USAGE = 'usage: npm run sandbox [-- --port <0-65535>] [--host <address>] [--config <file.json>] [--state <file.json>]';
const EXIT_USAGE = 2;

class UsageError extends Error {}

interface CliOptions {
  /** undefined: the state file's port when there is one, else a free port. */
  port: number | undefined;
  host: string;
  config: SandboxConfig | undefined;
  state: string | undefined;
}

function parseCli(argv: string[]): CliOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        config: { type: 'string', short: 'c' },
        state: { type: 'string', short: 's' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values } = parsed;
  if (values.help) return 'help';
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535 || !/^\d{1,5}$/.test(values.port ?? ''))) {
    throw new UsageError(`--port must be an integer from 0 to 65535, got "${values.port}"`);
  }
  if (values.state === '') throw new UsageError('--state needs a file name');
  return { port, host: values.host ?? '127.0.0.1', config: values.config ? loadConfig(values.config) : undefined, state: values.state };
}

function loadConfig(path: string): SandboxConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read config file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`config file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  try {
    return validateConfig(raw);
  } catch (e) {
    if (e instanceof SandboxConfigError) throw new UsageError(`config file ${path}: ${e.message}`);
    throw e;
  }
}

/** One redacted line per call: time, operation, status, error name, duration. */
function formatCall(call: SandboxCall, detail: CallDetail): string {
  const time = new Date().toISOString().slice(11, 23);
  const outcome = call.dropped
    ? `dropped ${call.status === 0 ? 'before processing' : `after processing (would be ${call.status}${call.errorName ? ` ${call.errorName}` : ''})`}`
    : `${call.status}${call.errorName ? ` ${call.errorName}` : ''}`;
  return `${time} ${call.operation || '(no X-Amz-Target)'} ${outcome} ${Math.round(detail.durationMs)}ms`;
}

async function main(argv: string[]): Promise<void> {
  let options: CliOptions | 'help';
  try {
    options = parseCli(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`cognito sandbox: ${e.message}\n${USAGE}\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const sandbox = await createSandboxServer({
    config: options.config,
    port: options.port,
    host: options.host,
    stateFile: options.state,
    onCall: (call, detail) => process.stdout.write(`${formatCall(call, detail)}\n`),
    onPersistError: (e) => process.stderr.write(`cognito sandbox: cannot write the state file: ${(e as NodeJS.ErrnoException).code ?? e.message}\n`),
  });
  // Handlers go in before anything is printed: a reader may signal as soon as it has the first line.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: closing the sandbox\n`);
    sandbox.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const { info } = sandbox;
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.stdout.write([
    `Cognito sandbox listening on ${info.endpoint} (region ${info.region})`,
    ...info.pools.flatMap((p) => [
      `  pool    ${p.userPoolId}`,
      `  issuer  ${p.issuer}${p.issuerMode === 'aws' ? ' (the AWS issuer; keys served only here)' : ''}`,
      `  jwks    ${p.jwksUri}`,
      ...p.clients.map((c) => `  client  ${c.name} ${c.clientId} rotation=${c.rotation ? `on grace=${c.graceSeconds}s` : 'off'} secret=${c.clientSecret === null ? 'no' : 'yes'}`),
      `  user    ${p.user.username}`,
      ...signInUserLines(sandbox.state.config, p.userPoolId),
    ]),
    `  control ${info.endpoint}/__sandbox/{faults,calls,info,clock,messages}`,
    `  state   ${info.stateFile ?? 'in memory only (--state FILE keeps it across restarts)'}`,
    'Press Ctrl+C to stop.',
    '',
  ].join('\n'));
}

/**
 * A line per user with a sign-in feature (MFA, a temporary password), so a
 * demo can be tried: the TOTP secret is printed (a sandbox-only value, like
 * the demo password in the first line); SMS and email codes are in GET /__sandbox/messages.
 */
function signInUserLines(config: SandboxConfig, poolId: string): string[] {
  const pool = config.pools.find((p) => p.id === poolId);
  if (!pool) return [];
  // The first user has its own line already; it gets a second one only for what it adds.
  const special = (u: UserConfig) => (u.mfa?.length ?? 0) > 0 || u.status === 'FORCE_CHANGE_PASSWORD';
  const sign = pool.mfaConfiguration !== undefined || pool.deviceConfiguration !== undefined;
  return pool.users.filter((u, i) => special(u) || (i > 0 && sign)).map((u) => {
    const name = pool.signInAliases?.includes('email') && typeof u.attributes?.email === 'string' ? u.attributes.email : u.username;
    const mfa = u.mfa?.length ? ` mfa=${u.mfa.join('+')}` : '';
    const secret = u.mfa?.includes('totp') && u.totpSecret ? ` totp-secret=${u.totpSecret}` : '';
    const status = u.status === 'FORCE_CHANGE_PASSWORD' ? ' status=FORCE_CHANGE_PASSWORD' : '';
    return `  user    ${name}${status}${mfa}${secret}`;
  });
}

main(process.argv.slice(2)).catch((e: unknown) => {
  const err = e as NodeJS.ErrnoException;
  process.stderr.write(`cognito sandbox: ${err.code === 'EADDRINUSE' ? 'that port is already in use' : err.message}\n`);
  process.exitCode = err instanceof SandboxStateError || err instanceof SandboxConfigError ? EXIT_USAGE : 1;
});
