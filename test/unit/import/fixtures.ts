// Fixture tokens for the paste parser tests, built fresh with jose (no real tokens).
import assert from 'node:assert/strict';
import {
  accessTokenClaims,
  createSigningKey,
  idTokenClaims,
  refreshTokenJwe,
  signToken,
  type ClaimOptions,
  type SigningKey,
} from '../../fixtures/tokens/factory';
import type { ParseResult, SessionDraft } from '../../../src/core/import';

export { AWS_ISSUER, AWS_POOL_ID, AWS_REGION, CLIENT_ID, FIXED_NOW_MS, SUB } from '../../fixtures/tokens/factory';

export interface Tokens {
  key: SigningKey;
  idToken: string;
  accessToken: string;
  refreshToken: string;
}

export async function makeTokens(options: ClaimOptions = {}, accessOptions: ClaimOptions = options): Promise<Tokens> {
  const key = await createSigningKey();
  return {
    key,
    idToken: await signToken(key, idTokenClaims(options)),
    accessToken: await signToken(key, accessTokenClaims(accessOptions)),
    refreshToken: await refreshTokenJwe(),
  };
}

export function expectOk(result: ParseResult): { draft: SessionDraft; alternatives: SessionDraft[] } {
  if (!result.ok) assert.fail(`expected ok, got: ${result.message}`);
  return { draft: result.draft, alternatives: result.alternatives ?? [] };
}

export function expectFail(result: ParseResult): { recognised: string; expected: string; message: string } {
  if (result.ok) assert.fail(`expected a failure, got a ${result.draft.kind} draft`);
  return result;
}

/** Every human-readable string in a result. */
export function textsOf(result: ParseResult): string[] {
  if (!result.ok) return [result.recognised, result.expected, result.message];
  const drafts = [result.draft, ...(result.alternatives ?? [])];
  return drafts.flatMap((d) => [...d.notes, d.label ?? '', ...Object.values(d.invalid ?? {})]);
}

/** Asserts that no token (nor any of its dot-separated parts longer than 16 characters) appears in the result's texts. */
export function assertNoSecretsIn(result: ParseResult, secrets: readonly string[]): void {
  const needles = secrets.flatMap((s) => [s, ...s.split('.').filter((p) => p.length > 16)]);
  for (const text of textsOf(result)) {
    for (const needle of needles) {
      assert.ok(!text.includes(needle), `a message contains a token part: ${text.slice(0, 80)}`);
    }
  }
}
