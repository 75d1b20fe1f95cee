import * as assert from 'node:assert/strict';
import { api } from './helpers';

describe('SecretStorage', () => {
  it('context.secrets stores, reads back and deletes a value', async () => {
    const result = await (await api()).selfTest.secretsRoundTrip();
    assert.deepEqual(result, { stored: true, readBack: true, deleted: true });
  });
});
