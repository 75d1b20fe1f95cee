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
    assert.deepEqual(planMethod(session), { first: 'GetTokensFromRefreshToken', mayFallBack: true, remembered: false });
  });
  it('auto goes straight to a remembered fallback', () => {
    assert.deepEqual(planMethod({ ...session, effectiveMethod: 'InitiateAuth' }), { first: 'InitiateAuth', mayFallBack: false, remembered: true });
  });
  it('an explicit method or override never falls back', () => {
    assert.deepEqual(planMethod({ ...session, refreshMethod: 'InitiateAuth' }), { first: 'InitiateAuth', mayFallBack: false, remembered: false });
    assert.deepEqual(planMethod({ ...session, effectiveMethod: 'InitiateAuth' }, 'GetTokensFromRefreshToken'), {
      first: 'GetTokensFromRefreshToken',
      mayFallBack: false,
      remembered: false,
    });
  });
});
