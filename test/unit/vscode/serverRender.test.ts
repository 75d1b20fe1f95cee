// The server view's plain-text renderers (src/vscode/server/render.ts): the tracking state
// beside the session list, this session marked, text from Cognito kept inert (hidden
// characters escaped, no line breaks), the comparison with its explained causes, the token
// size warning.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareTokens } from '../../../src/core/server/compare';
import type { ClientConfigView, UserSessionsView, UserView } from '../../../src/core/server/types';
import type { SessionRecord } from '../../../src/core/sessions/index';
import { tokenSize } from '../../../src/core/token/size';
import {
  changesSummary,
  findingLines,
  line,
  renderClientConfig,
  renderComparison,
  renderUser,
  renderUserSessions,
  sessionDescription,
  sessionLabel,
  sizeWarning,
  type ClientConfigSections,
} from '../../../src/vscode/server/render';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'RS256', kid: 'k1' })}.${b64(claims)}.${Buffer.from('sig').toString('base64url')}`;

const view = (over: Partial<UserSessionsView> = {}): UserSessionsView => ({
  sessions: [
    { sessionId: 'tkn0000000000000000000000001', type: 'TOKEN', clientId: 'clientA', createdAt: '2026-12-01T11:00:00.000Z', lastActiveAt: '2026-12-01T11:55:00.000Z', isCurrent: true, currentBy: 'cognito' },
    { sessionId: 'tkn0000000000000000000000002', type: 'TOKEN', clientId: 'clientB', lastIpAddress: '10.0.0.2', deviceType: 'Firefox', location: 'Seattle, United States', isCurrent: false },
  ],
  tracking: 'ENABLED',
  truncated: false,
  pages: 1,
  ...over,
});

test('the session list says the tracking state and marks this session', () => {
  const text = renderUserSessions('"Demo"', view(), NOW);
  assert.match(text, /Session tracking\s+on/);
  assert.match(text, /Sessions listed\s+2/);
  assert.match(text, /1\. This session: Token session tkn0000000000000000000000001/);
  assert.match(text, /This session\s+yes \(Cognito's IsCurrentSession\)/);
  assert.match(text, /2\. Token session tkn0000000000000000000000002/);
  assert.match(text, /Location\s+Seattle, United States/);
  assert.match(text, /Last active\s+2026-12-01T11:55:00Z \(5 min ago\)/);
});

test('an empty list while tracking is off or unknown carries its note, not a bare "0"', () => {
  const text = renderUserSessions('"Demo"', view({ sessions: [], tracking: 'unknown', note: 'No sessions listed. Session tracking may be off.' }), NOW);
  assert.match(text, /Session tracking\s+unknown \(reading it needs AWS credentials/);
  assert.match(text, /No sessions listed\. Session tracking may be off\./);
  const off = renderUserSessions('"Demo"', view({ sessions: [], tracking: 'DISABLED' }), NOW);
  assert.match(off, /Session tracking\s+off: Cognito keeps no session records/);
});

test('more pages than read are said', () => {
  assert.match(renderUserSessions('x', view({ truncated: true, pages: 20 }), NOW), /more exist: the list stopped after 20 pages/);
});

test('text from Cognito stays inert: bidi and zero-width characters escaped, line breaks flattened', () => {
  const hostile = view({
    sessions: [{ sessionId: 'tkn1', type: 'TOKEN', isCurrent: false, location: 'Evil\u202Egnp.exe', deviceType: 'a\nFAKE HEADER\r\nb', lastIpAddress: 'x\u200By' }],
  });
  const text = renderUserSessions('x', hostile, NOW);
  assert.ok(!text.includes('\u202E') && !text.includes('\u200B'), 'hidden characters reached the text');
  assert.ok(!/^FAKE HEADER/m.test(text), 'a line break from Cognito started a line of its own');
  assert.match(text, /Evil\\u202E?|Evil.*202E/i);
  assert.ok(!sessionDescription(hostile.sessions[0]!, NOW).includes('\n'));
  assert.ok(!line('a\u202Eb').includes('\u202E'));
});

test('quick pick labels: this session first, then the facts', () => {
  const [mine, other] = view().sessions;
  assert.equal(sessionLabel(mine!), 'This session: Token session tkn0000000000000000000000001');
  assert.equal(sessionDescription(other!, NOW), 'client clientB · Firefox · 10.0.0.2 · Seattle, United States');
  assert.equal(sessionDescription(mine!, NOW), 'client clientA · last active 5 min ago');
});

test('the user: attributes, MFA, and the status only when AdminGetUser read it', () => {
  const user: UserView = { username: 'u-1', attributes: [{ name: 'email', value: 'a@example.com' }, { name: 'custom:tenant', value: 'acme' }], mfa: { preferred: 'SOFTWARE_TOKEN_MFA', enabled: ['SOFTWARE_TOKEN_MFA'], legacyOptions: [] } };
  const without = renderUser('"Demo"', user, undefined);
  assert.match(without, /Status\s+not read \(AdminGetUser needs AWS credentials/);
  assert.match(without, /custom:tenant\s+acme/);
  assert.match(without, /Preferred MFA\s+SOFTWARE_TOKEN_MFA/);
  const withStatus = renderUser('"Demo"', user, { ...user, status: 'CONFIRMED', enabled: true });
  assert.match(withStatus, /Status\s+CONFIRMED, enabled/);
});

const client = (over: Partial<ClientConfigView> = {}): ClientConfigView => ({
  clientId: 'clientA',
  hasSecret: false,
  rotation: { enabled: true, graceSeconds: 0 },
  validity: {
    access: { value: 1, unit: 'hours', seconds: 3600, isDefault: true },
    id: { value: 1, unit: 'hours', seconds: 3600, isDefault: true },
    refresh: { value: 30, unit: 'days', seconds: 2592000, isDefault: true },
  },
  explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
  callbackUrls: [],
  logoutUrls: [],
  allowedOAuthFlows: [],
  allowedOAuthScopes: [],
  ...over,
});
const explanation = { id: 'service/access-denied', name: 'AccessDeniedException', kind: 'service' as const, title: 'Missing IAM permission: allow cognito-idp:DescribeUserPool on arn:x', whatHappened: 'Denied.', likelyCauses: [], whatToDo: ['Add to the identity\'s policy.'], docsUrl: 'https://docs.aws.amazon.com/', retryable: 'no' as const };

test('the client configuration: settings as Cognito has them, a denied section with the action to allow', () => {
  const sections: ClientConfigSections = {
    client: client(),
    pool: { operation: 'DescribeUserPool', explanation, missingPermission: { action: 'cognito-idp:DescribeUserPool', resource: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_X' } },
    poolSessions: { tracking: 'ENABLED', maxPerUser: 20 },
    clientSessions: { ssoMaxValidityMinutes: 60, isDefault: true },
  };
  const text = renderClientConfig('"Demo"', "the SDK's default credential chain", sections, ['one observation']);
  assert.match(text, /Refresh token rotation\s+on, retry grace period 0 s/);
  assert.match(text, /Access token validity\s+1 hours \(Cognito's default\)/);
  assert.match(text, /DescribeUserPool failed: Missing IAM permission/);
  assert.match(text, /Allow: cognito-idp:DescribeUserPool on arn:aws:cognito-idp:us-east-1:123456789012:userpool\/us-east-1_X/);
  assert.match(text, /User session tracking\s+on/);
  assert.match(text, /SSO session maximum validity\s+60 min \(Cognito's default\)/);
  assert.match(text, /Against this configuration\n-+\n {2}one observation/);
  assert.match(text, /never stored/);
});

test('the comparison lists claim changes and the explained causes', () => {
  const base = { sub: 'u1', iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X', client_id: 'clientA', token_use: 'access', origin_jti: 'o1', auth_time: 1000, iat: 2000, exp: 5600, 'cognito:groups': ['admins'] };
  const a = jwt(base);
  const b = jwt({ ...base, iat: 5600, exp: 9200, 'cognito:groups': ['admins', 'beta'] });
  const text = renderComparison('the access token of "Demo"', 'the pasted token', compareTokens(a, b));
  assert.match(text, /First\s+the access token of "Demo": access \(jws\)/);
  assert.match(text, /~ cognito:groups: \+beta/);
  assert.match(text, /= origin_jti: o1 \(same\)/);
  assert.match(text, /Groups changed \(\+beta\): group membership is copied into tokens when they are issued/);
  assert.match(text, /Same origin_jti: both tokens come from one sign-in/);
  assert.match(text, /no signature was checked/);
  assert.ok(!text.includes(a) && !text.includes(b), 'a whole token reached the comparison');
});

test('a stored refresh diff as one line', () => {
  assert.equal(changesSummary([{ claim: 'cognito:groups', kind: 'changed', after: '+beta' }, { claim: 'custom:x', kind: 'added', after: '1' }]), 'cognito:groups +beta, +custom:x');
  assert.equal(changesSummary([1, 2, 3, 4, 5].map((i) => ({ claim: `c${i}`, kind: 'removed' })), 2), '-c1, -c2, +3 more');
});

test('size warning: none under the limits; over 8 KB names the limit, the excess and the largest claim', () => {
  assert.equal(sizeWarning(tokenSize(jwt({ sub: 'u' }))), undefined);
  const groups = Array.from({ length: 400 }, (_, i) => `group-number-${i}`);
  const big = jwt({ sub: 'u', 'cognito:groups': groups });
  const text = sizeWarning(tokenSize(big));
  assert.ok(text, 'no warning for a token over 8 KB');
  assert.match(text, /^[\d,]+ bytes: over .*8 KB per header.* by [\d,]+ bytes; cognito:groups takes \d+%$/);
});

test('findings against the configuration: the last failure first, causes labelled, and a line when nothing disagrees', () => {
  const record = { session: {}, secrets: { refreshToken: 'r' }, history: [], lastError: { name: 'RefreshTokenReuseException', message: 'm', at: '2026-12-01T12:00:00.000Z', operation: 'GetTokensFromRefreshToken' } } as unknown as SessionRecord;
  const lines = findingLines(record, [{ id: 'rotation-zero-grace-retry', severity: 'cause', text: 'Rotation with 0 s grace.' }, { id: 'tracking-off', severity: 'info', text: 'Tracking off.' }]);
  assert.deepEqual(lines, ['Last failure: RefreshTokenReuseException in GetTokensFromRefreshToken (2026-12-01T12:00:00.000Z).', 'Explains the last failure: Rotation with 0 s grace.', 'Note: Tracking off.']);
  assert.deepEqual(findingLines({ ...record, lastError: undefined } as SessionRecord, []), ['Nothing in this configuration disagrees with what this session did.']);
  assert.equal(findingLines(record, []).length, 2);
});
