import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JwksCache } from '../../../src/core/token';
import { createSigningKey, jwksOf, type SigningKey } from '../../fixtures/tokens/factory';

let key: SigningKey;
before(async () => {
  key = await createSigningKey();
});

/** A fetch that answers from a function and records the URLs it was asked for. */
function fakeFetch(answer: (url: string) => Response): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  const fetchImpl = (async (input: string | URL | Request) => {
    const url = input instanceof Request ? input.url : String(input);
    calls.push(url);
    return answer(url);
  }) as typeof fetch;
  return { fetch: fetchImpl, calls };
}

void describe('JwksCache', () => {
  void it('uses the injected fetch and caches per URI', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(JSON.stringify(jwksOf(key))));
    const cache = new JwksCache({ fetch });
    const a1 = await cache.get('https://a.example/jwks.json');
    const a2 = await cache.get('https://a.example/jwks.json');
    const b = await cache.get('https://b.example/jwks.json');
    assert.ok(a1.ok && a2.ok && b.ok);
    assert.equal(a1.fromCache, false);
    assert.equal(a2.fromCache, true);
    assert.deepEqual(calls, ['https://a.example/jwks.json', 'https://b.example/jwks.json']);
    assert.equal(cache.size, 2);
  });

  void it('keeps at most maxEntries URIs, dropping the oldest', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(JSON.stringify(jwksOf(key))));
    const cache = new JwksCache({ fetch, maxEntries: 2 });
    for (const host of ['a', 'b', 'c']) await cache.get(`https://${host}.example/jwks.json`);
    assert.equal(cache.size, 2);
    await cache.get('https://a.example/jwks.json');
    assert.equal(calls.length, 4, 'a was evicted and fetched again');
    await cache.get('https://c.example/jwks.json');
    assert.equal(calls.length, 4, 'c is still cached');
  });

  void it('refuses a declared oversized body without reading it', async () => {
    const { fetch } = fakeFetch(() => new Response('{}', { headers: { 'content-length': String(10 * 1024 * 1024) } }));
    const result = await new JwksCache({ fetch }).get('https://a.example/jwks.json');
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'jwks-invalid');
    assert.match(result.error.message, /larger than 262144 bytes/);
  });

  void it('reports a throwing fetch as a fetch failure and does not cache it', async () => {
    let fail = true;
    const { fetch, calls } = fakeFetch(() => {
      if (fail) throw new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } });
      return new Response(JSON.stringify(jwksOf(key)));
    });
    const cache = new JwksCache({ fetch });
    const first = await cache.get('https://a.example/jwks.json');
    assert.ok(!first.ok);
    assert.equal(first.error.code, 'jwks-fetch-failed');
    assert.match(first.error.message, /ENOTFOUND/);
    fail = false;
    assert.ok((await cache.get('https://a.example/jwks.json')).ok);
    assert.equal(calls.length, 2);
  });

  void it('clear forgets one URI or all', async () => {
    const { fetch } = fakeFetch(() => new Response(JSON.stringify(jwksOf(key))));
    const cache = new JwksCache({ fetch });
    await cache.get('https://a.example/jwks.json');
    await cache.get('https://b.example/jwks.json');
    cache.clear('https://a.example/jwks.json');
    assert.equal(cache.size, 1);
    cache.clear();
    assert.equal(cache.size, 0);
  });
});
