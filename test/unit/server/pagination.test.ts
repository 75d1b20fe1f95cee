// Pagination bounds of listUserSessions against a small HTTP endpoint that answers
// ListUserSessions the way Cognito's JSON protocol does (real SDK, real HTTP): an endless
// stream of pages stops at MAX_PAGES, a repeated NextToken stops at once, an empty list says
// why it may be empty.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createServerClient, listUserSessions, MAX_PAGES } from '../../../src/core/server';

type Mode = 'endless' | 'repeat' | 'empty';

void describe('listUserSessions pagination bounds (real SDK over HTTP)', () => {
  let server: Server;
  let endpoint = '';
  let mode: Mode = 'endless';
  let requests = 0;
  const seenTokens: (string | undefined)[] = [];

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        requests++;
        const input = JSON.parse(body) as { NextToken?: string };
        seenTokens.push(input.NextToken);
        const page = requests;
        const out =
          mode === 'empty'
            ? { Sessions: [] }
            : {
                Sessions: [{ SessionId: `tkn${String(page).padStart(25, '0')}`, SessionType: 'TOKEN', ClientId: 'c1', CreateDate: 1_792_454_400 + page, IsCurrentSession: page === 1 }],
                NextToken: mode === 'repeat' ? 'same-token' : `page-${page}`,
              };
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(out));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  const reset = (m: Mode) => {
    mode = m;
    requests = 0;
    seenTokens.length = 0;
  };

  void it('an endless stream of pages stops at MAX_PAGES and says so', async () => {
    reset('endless');
    const client = await createServerClient({ region: 'us-east-1', endpoint });
    try {
      const r = await listUserSessions(client, 'access-token');
      assert.ok(r.ok);
      assert.equal(r.value.pages, MAX_PAGES);
      assert.equal(r.value.truncated, true);
      assert.equal(r.value.sessions.length, MAX_PAGES);
      assert.equal(requests, MAX_PAGES);
      assert.deepEqual(seenTokens.slice(0, 3), [undefined, 'page-1', 'page-2'], 'each page asks with the previous NextToken');
      assert.equal(r.value.sessions[0]?.createdAt, new Date((1_792_454_400 + 1) * 1000).toISOString());
      assert.equal(r.value.sessions.filter((s) => s.isCurrent).length, 1);
    } finally {
      client.destroy();
    }
  });

  void it('a NextToken the service repeats stops the loop', async () => {
    reset('repeat');
    const client = await createServerClient({ region: 'us-east-1', endpoint });
    try {
      const r = await listUserSessions(client, 'access-token');
      assert.ok(r.ok);
      assert.equal(r.value.pages, 2);
      assert.equal(r.value.truncated, true);
    } finally {
      client.destroy();
    }
  });

  void it('an empty list carries the tracking state and a note', async () => {
    reset('empty');
    const client = await createServerClient({ region: 'us-east-1', endpoint });
    try {
      const off = await listUserSessions(client, 'access-token', { tracking: 'DISABLED' });
      assert.ok(off.ok);
      assert.deepEqual(off.value.sessions, []);
      assert.equal(off.value.tracking, 'DISABLED');
      assert.match(off.value.note ?? '', /session tracking is off/);
      const unknown = await listUserSessions(client, 'access-token');
      assert.ok(unknown.ok);
      assert.equal(unknown.value.tracking, 'unknown');
      assert.match(unknown.value.note ?? '', /may be off/);
      const on = await listUserSessions(client, 'access-token', { tracking: 'ENABLED' });
      assert.ok(on.ok);
      assert.equal(on.value.note, undefined);
    } finally {
      client.destroy();
    }
  });

  void it('a refused connection is explained as a transport failure of the operation', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const client = await createServerClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}` });
    try {
      const r = await listUserSessions(client, 'access-token');
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.failure.explanation.id, 'transport/connection-refused');
      assert.equal(r.failure.explanation.operation, 'ListUserSessions');
    } finally {
      client.destroy();
    }
  });
});
