// A refresh decodes each token once: the new ID and access tokens for their claim diff and the
// refresh token's end, and the previous ones not at all (the refresh before decoded them as its
// new ones). A fake client answers with made-up unsigned tokens whose iat moves each time.
import assert from 'node:assert/strict';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { describe, it } from 'node:test';
import { jsonParses } from '../../fixtures/countParses';
import { RefreshService } from '../../../src/core/refresh';
import { InMemorySessionStore, type SessionRecord } from '../../../src/core/sessions';
import { accessTokenClaims, FIXED_NOW_S, idTokenClaims, unsecuredToken } from '../../fixtures/tokens/factory';

/** How many token payloads (JSON holding a token_use claim) `run` parsed. */
function payloadParses(run: () => Promise<unknown>): Promise<number> {
  return jsonParses((text) => text.includes('"token_use":'), run);
}

describe('a refresh decodes each token once', () => {
  it('two new tokens decoded per refresh, the previous ones taken from the refresh before', async () => {
    let n = 0;
    const tokensAt = (iat: number) => ({ IdToken: unsecuredToken(idTokenClaims({ iat })), AccessToken: unsecuredToken(accessTokenClaims({ iat })) });
    const client = {
      send: async () => ({ AuthenticationResult: { ...tokensAt(FIXED_NOW_S + ++n * 60), ExpiresIn: 3600, TokenType: 'Bearer' } }),
      destroy() {},
    };
    const store = new InMemorySessionStore();
    const first = tokensAt(FIXED_NOW_S);
    const record: SessionRecord = {
      session: {
        id: 's',
        label: 'decode once',
        region: 'us-east-1',
        userPoolId: 'us-east-1_Demo123',
        clientId: 'client123',
        // Known, so nothing decodes the ID token for a username (attemptOnce does when it is not).
        username: 'jdoe',
        refreshMethod: 'GetTokensFromRefreshToken',
        rotationHint: { enabled: false, graceSeconds: 0 },
        createdAt: '2025-05-01T10:00:00.000Z',
        updatedAt: '2025-05-01T10:00:00.000Z',
      },
      secrets: { refreshToken: 'made-up-refresh-token', idToken: first.IdToken, accessToken: first.AccessToken },
      history: [],
    };
    await store.put(record);
    const service = new RefreshService({ store, clientFactory: async () => client as unknown as CognitoIdentityProviderClient });
    try {
      assert.equal((await service.refresh('s')).ok, true);
      const parses = await payloadParses(async () => {
        for (let i = 0; i < 3; i++) assert.equal((await service.refresh('s')).ok, true);
      });
      assert.equal(parses, 3 * 2);
      // The diffs are still made: the last event carries both tokens' changes.
      const history = await store.history('s');
      const changes = history.at(-1)?.changes;
      assert.equal(changes?.id?.changes.find((c) => c.claim === 'iat')?.after?.endsWith('(+1 min)'), true);
      assert.equal(changes?.access?.changes.find((c) => c.claim === 'exp')?.kind, 'changed');
    } finally {
      service.dispose();
    }
  });
});
