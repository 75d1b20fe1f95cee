// Session.awsProfile: the AWS profile chosen for a session's configuration operations, kept with
// the session (serialize.ts validates it; records without it still load).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSession, serializeSession } from '../../../src/core/sessions';
import { isAwsProfileName } from '../../../src/core/sessions/serialize';
import { sampleRecord } from '../sessions/fixtures';

function storedWith(awsProfile: unknown): string {
  const value = JSON.parse(serializeSession(sampleRecord())) as { session: Record<string, unknown> };
  value.session['awsProfile'] = awsProfile;
  return JSON.stringify(value);
}

void describe('Session.awsProfile', () => {
  void it('round-trips a profile name and "" (the default credential chain)', () => {
    for (const name of ['dev', 'team+ops=1,a.b@c_d-e', '']) {
      const record = sampleRecord('s1');
      const withProfile = { ...record, session: { ...record.session, awsProfile: name } };
      const parsed = parseSession(serializeSession(withProfile, 3));
      assert.ok(parsed.ok, name);
      assert.equal(parsed.record.session.awsProfile, name);
    }
  });

  void it('an older record without the field still loads, without a profile', () => {
    const parsed = parseSession(serializeSession(sampleRecord('s1')));
    assert.ok(parsed.ok);
    assert.equal('awsProfile' in parsed.record.session, false);
  });

  void it('refuses a profile name with other characters, too long, or not a string', () => {
    for (const bad of ['has space', 'semi;colon', 'x'.repeat(65), 'new\nline', 'ünï', 42, null]) {
      const parsed = parseSession(storedWith(bad));
      assert.equal(parsed.ok, false, JSON.stringify(bad));
      if (!parsed.ok) assert.match(parsed.error.message, /awsProfile/);
    }
  });

  void it('isAwsProfileName is linear on long input (anchored, one character class)', () => {
    assert.equal(isAwsProfileName('a'.repeat(64)), true);
    assert.equal(isAwsProfileName('a'.repeat(100_000)), false);
    assert.equal(isAwsProfileName(`${'a'.repeat(50_000)}!`), false);
  });
});
