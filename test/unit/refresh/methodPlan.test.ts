import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planMethod } from '../../../src/core/refresh/methodPlan';
import type { Session } from '../../../src/core/sessions';

const session: Session = {
  id: 's',
  label: 's',
  region: 'us-east-1',
  userPoolId: 'us-east-1_X',
  clientId: 'c',
  refreshMethod: 'auto',
  createdAt: '2025-05-01T00:00:00Z',
  updatedAt: '2025-05-01T00:00:00Z',
};

describe('planMethod', () => {
  it('auto tries GetTokensFromRefreshToken and may fall back', () => {
    assert.deepEqual(planMethod(session), { first: 'GetTokensFromRefreshToken', mayFallBack: true, remembered: false, retrying: false });
  });
  it('auto goes straight to a fallback remembered less than a day ago', () => {
    const now = Date.parse('2025-05-02T10:00:00Z');
    assert.deepEqual(planMethod({ ...session, effectiveMethod: 'InitiateAuth', effectiveMethodSince: '2025-05-02T09:00:00Z' }, undefined, now), {
      first: 'InitiateAuth',
      mayFallBack: false,
      remembered: true,
      retrying: false,
    });
  });
  it('tries GetTokensFromRefreshToken again once a remembered fallback is a day old (or of unknown age)', () => {
    const now = Date.parse('2025-05-02T10:00:00Z');
    const retry = { first: 'GetTokensFromRefreshToken', mayFallBack: true, remembered: false, retrying: true };
    assert.deepEqual(planMethod({ ...session, effectiveMethod: 'InitiateAuth', effectiveMethodSince: '2025-05-01T09:59:00Z' }, undefined, now), retry);
    assert.deepEqual(planMethod({ ...session, effectiveMethod: 'InitiateAuth' }, undefined, now), retry);
  });
  it('an explicit method or override never falls back', () => {
    assert.deepEqual(planMethod({ ...session, refreshMethod: 'InitiateAuth' }), { first: 'InitiateAuth', mayFallBack: false, remembered: false, retrying: false });
    assert.deepEqual(planMethod({ ...session, effectiveMethod: 'InitiateAuth' }, 'GetTokensFromRefreshToken'), {
      first: 'GetTokensFromRefreshToken',
      mayFallBack: false,
      remembered: false,
      retrying: false,
    });
  });
});
