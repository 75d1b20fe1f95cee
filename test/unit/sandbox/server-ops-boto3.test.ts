// A second, independent client for the IAM-authorized operations: boto3
// (botocore signs with SigV4 on its own), against the sandbox over real HTTP.
// The sandbox runs in this process, so python3 runs asynchronously.
// Skipped, with the reason printed, when python3 or boto3 is not installed.
// ListUserSessions is driven too when the installed botocore knows it (1.43 does not).

import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { demoConfig, startSandbox, type SandboxConfig, type SandboxHandle } from '../../../src/sandbox/index';
import { clientNamed, sdkClient, signIn } from './helpers';

const KEY = { accessKeyId: 'AKIASANDBOXBOTO00001', secretAccessKey: 'sandbox-boto-secret' };
const DENIED_KEY = { accessKeyId: 'AKIASANDBOXBOTO00002', secretAccessKey: 'sandbox-boto-secret-2' };

function boto3Missing(): string | undefined {
  const r = spawnSync('python3', ['-c', 'import boto3'], { encoding: 'utf8', timeout: 60_000 });
  if (r.error) return `python3 is not available (${r.error.message})`;
  if (r.status !== 0) return `boto3 is not installed for python3 (${(r.stderr || '').trim().split('\n').pop() ?? ''})`;
  return undefined;
}

const SCRIPT = String.raw`
import json, os, sys
import boto3, botocore
from botocore.exceptions import ClientError
def client(key, secret):
    return boto3.client('cognito-idp', region_name=os.environ['SBX_REGION'], endpoint_url=os.environ['SBX_ENDPOINT'],
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        config=botocore.config.Config(retries={'max_attempts': 1}))
ok = client(os.environ['SBX_KEY'], os.environ['SBX_SECRET'])
out = {}
c = ok.describe_user_pool_client(UserPoolId=os.environ['SBX_POOL'], ClientId=os.environ['SBX_CLIENT'])['UserPoolClient']
out['describe'] = {k: c.get(k) for k in ['ClientId', 'RefreshTokenRotation', 'TokenValidityUnits', 'AccessTokenValidity', 'ExplicitAuthFlows', 'EnableTokenRevocation']}
out['user'] = ok.admin_get_user(UserPoolId=os.environ['SBX_POOL'], Username=os.environ['SBX_USER'])['UserStatus']
try:
    client(os.environ['SBX_DENIED_KEY'], os.environ['SBX_DENIED_SECRET']).describe_user_pool_client(UserPoolId=os.environ['SBX_POOL'], ClientId=os.environ['SBX_CLIENT'])
    out['denied'] = None
except ClientError as e:
    out['denied'] = {'code': e.response['Error']['Code'], 'message': e.response['Error']['Message']}
if 'ListUserSessions' in ok.meta.service_model.operation_names:
    s = boto3.client('cognito-idp', region_name=os.environ['SBX_REGION'], endpoint_url=os.environ['SBX_ENDPOINT'],
                     config=botocore.config.Config(signature_version=botocore.UNSIGNED))
    out['sessions'] = [x['SessionId'] for x in s.list_user_sessions(AccessToken=os.environ['SBX_ACCESS_TOKEN'])['Sessions']]
print(json.dumps(out))
`;

function testConfig(): SandboxConfig {
  const config = demoConfig();
  config.pools[0].userSessionTracking = 'ENABLED';
  config.iamCredentials = [{ ...KEY }, { ...DENIED_KEY, allow: ['cognito-idp:AdminGetUser'] }];
  return config;
}

const skip = boto3Missing();
if (skip) console.log(`# server-ops-boto3: skipped: ${skip}`);

void describe('IAM-authorized operations through boto3', { skip }, () => {
  let sandbox: SandboxHandle;
  before(async () => {
    sandbox = await startSandbox({ config: testConfig() });
  });
  after(() => sandbox.close());

  void it('DescribeUserPoolClient and AdminGetUser answer a SigV4-signed boto3 client; a key without the action gets AccessDeniedException', async () => {
    const cognito = sdkClient(sandbox);
    const rotating = clientNamed(sandbox, 'rotating-grace-10s');
    const tokens = await signIn(cognito, rotating.clientId, sandbox.info.user.username, sandbox.info.user.password);
    cognito.destroy();
    // Asynchronously: the sandbox answers boto3 from this process's event loop.
    const r = await promisify(execFile)('python3', ['-c', SCRIPT], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '',
        AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true',
        SBX_ENDPOINT: sandbox.endpoint, SBX_REGION: sandbox.info.region, SBX_POOL: sandbox.info.userPoolId, SBX_CLIENT: rotating.clientId,
        SBX_USER: sandbox.info.user.username, SBX_KEY: KEY.accessKeyId, SBX_SECRET: KEY.secretAccessKey,
        SBX_DENIED_KEY: DENIED_KEY.accessKeyId, SBX_DENIED_SECRET: DENIED_KEY.secretAccessKey, SBX_ACCESS_TOKEN: tokens.AccessToken,
      },
    });
    const out = JSON.parse(r.stdout) as {
      describe: Record<string, unknown>; user: string; denied: { code: string; message: string } | null; sessions?: string[];
    };
    assert.deepEqual(out.describe, {
      ClientId: rotating.clientId,
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      AccessTokenValidity: 60,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      EnableTokenRevocation: true,
    });
    assert.equal(out.user, 'CONFIRMED');
    assert.equal(out.denied?.code, 'AccessDeniedException');
    assert.match(out.denied?.message ?? '', /not authorized to perform: cognito-idp:DescribeUserPoolClient on resource: arn:aws:cognito-idp:us-east-1:/);
    if (out.sessions) assert.equal(out.sessions.length, 1);
    else console.log('# server-ops-boto3: this botocore has no ListUserSessions; only the IAM operations were driven');
  });
});
