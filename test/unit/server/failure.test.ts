import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NotAuthorizedException } from '@aws-sdk/client-cognito-identity-provider';
import { explainServerFailure, parseAccessDenied } from '../../../src/core/server/failure';

const meta = { httpStatusCode: 400, requestId: 'req-1' };
const DENIED =
  'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: cognito-idp:DescribeUserPoolClient on resource: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC123def because no identity-based policy allows the cognito-idp:DescribeUserPoolClient action';

function awsError(name: string, message: string): Error {
  const e = new Error(message) as Error & { $metadata: unknown; $fault: string };
  e.name = name;
  e.$metadata = meta;
  e.$fault = 'client';
  return e;
}

void describe('server failures', () => {
  void it('AccessDeniedException names the action and the pool ARN to allow', () => {
    const f = explainServerFailure(awsError('AccessDeniedException', DENIED), 'DescribeUserPoolClient');
    assert.equal(f.explanation.id, 'service/access-denied');
    assert.equal(
      f.explanation.title,
      'Missing IAM permission: allow cognito-idp:DescribeUserPoolClient on arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC123def',
    );
    assert.deepEqual(f.missingPermission, {
      action: 'cognito-idp:DescribeUserPoolClient',
      resource: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC123def',
    });
    assert.match(f.explanation.whatToDo[0] ?? '', /"Action":"cognito-idp:DescribeUserPoolClient"/);
  });

  void it('AccessDeniedException without the usual wording: the operation and a pool ARN pattern', () => {
    const f = explainServerFailure(awsError('AccessDeniedException', 'Access denied'), 'AdminGetUser', {
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_Xyz',
    });
    assert.equal(f.explanation.title, 'Missing IAM permission: allow cognito-idp:AdminGetUser on arn:aws:cognito-idp:eu-west-1:<account id>:userpool/eu-west-1_Xyz');
  });

  void it('parses with indexOf scans: adversarial messages of a million characters return', () => {
    assert.deepEqual(parseAccessDenied('to perform: '.repeat(100_000) + 'x'), { action: 'to' });
    assert.equal(parseAccessDenied(' '.repeat(1_000_000)), undefined);
    assert.equal(parseAccessDenied('on resource: '.repeat(100_000)), undefined);
    assert.deepEqual(parseAccessDenied('not authorized to perform: cognito-idp:GetUser.'), { action: 'cognito-idp:GetUser' });
  });

  void it('no credentials: what to configure', () => {
    const e = new Error('Could not load credentials from any providers');
    e.name = 'CredentialsProviderError';
    const f = explainServerFailure(e, 'DescribeUserPool');
    assert.equal(f.explanation.id, 'client/no-aws-credentials');
    assert.ok(f.explanation.whatToDo.some((s) => s.includes('AWS_PROFILE')));
  });

  void it('refused credentials', () => {
    const f = explainServerFailure(awsError('UnrecognizedClientException', 'The security token included in the request is invalid.'), 'DescribeUserPool');
    assert.equal(f.explanation.id, 'service/invalid-aws-credentials');
  });

  void it('expired and revoked access tokens get their entries', () => {
    const expired = explainServerFailure(new NotAuthorizedException({ message: 'Access Token has expired', $metadata: meta }), 'ListUserSessions');
    assert.equal(expired.explanation.id, 'NotAuthorizedException/access-token-expired');
    const revoked = explainServerFailure(new NotAuthorizedException({ message: 'Access Token has been revoked', $metadata: meta }), 'GetUser');
    assert.equal(revoked.explanation.id, 'NotAuthorizedException/access-token-revoked');
    assert.equal(revoked.explanation.operation, 'GetUser');
  });

  void it('a token in the message does not survive', () => {
    const jwt = 'eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiJhYmMiLCJ0b2tlbl91c2UiOiJhY2Nlc3MifQ.c2lnbmF0dXJlc2lnbmF0dXJl';
    const f = explainServerFailure(new NotAuthorizedException({ message: `Invalid Access Token ${jwt}`, $metadata: meta }), 'GetUser');
    assert.ok(!JSON.stringify(f).includes(jwt.slice(0, 30)));
  });

  void it('never throws on odd values', () => {
    for (const v of [undefined, null, 42, 'str', { name: 7 }, new Proxy({}, { get() { throw new Error('x'); } })]) {
      const f = explainServerFailure(v, 'GetUser');
      assert.equal(typeof f.explanation.title, 'string');
    }
  });
});
