// Records for session tests. Token-like strings are made up.
import type { SessionRecord } from '../../../src/core/sessions';

export const REFRESH_TOKEN = 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.fake-refresh-token-for-tests.iv.ciphertext.tag';

export function sampleRecord(id = 'session-1', overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    session: {
      id,
      label: 'Demo',
      region: 'us-east-1',
      userPoolId: 'us-east-1_Demo123',
      clientId: 'client123',
      refreshMethod: 'auto',
      rotationHint: { enabled: true, graceSeconds: 10 },
      createdAt: '2025-05-01T10:00:00.000Z',
      updatedAt: '2025-05-01T10:00:00.000Z',
    },
    secrets: { refreshToken: REFRESH_TOKEN, clientSecret: 'super-secret-value-123456', idToken: 'a.b.c' },
    history: [],
    ...overrides,
  };
}
