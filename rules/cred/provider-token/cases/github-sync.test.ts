// Tests of a GitHub sync job. Test data must be obviously fake; a real token in a fixture leaks.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';

// A token copied from a real account (its checksum is valid): revoke it.
// ruleid: cred/provider-token
const token = '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';

describe('sync', () => {
  it('rejects a malformed token', () => {
    // Shaped like a token, checksum wrong: test data.
    // ok: cred/provider-token
    const fake = 'ghp_tiIgzYTklynV09kBc1nxEE9NpzyCRCwReOKf';
    assert.notEqual(fake, token);
  });

  it('decodes the session', () => {
    // ok: cred/provider-token
    const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwiaWF0IjoxNzAwMDAwMDAwfQ.Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0';
    assert.ok(jwt.split('.').length === 3);
  });

  it('logs in with the fixture user', () => {
    // ok: cred/provider-token
    const password = 'correct horse battery staple';
    assert.ok(password);
  });
});
