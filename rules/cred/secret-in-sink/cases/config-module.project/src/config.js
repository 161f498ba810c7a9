export const sessionCookie = 'wiki_session';

// 32-byte key for @fastify/secure-session
// ruleid: cred/secret-in-sink
export const sessionKeyHex = '3f7a1c9e5b2d8046a0e1f3c5b7d9e2a4c6f8e0b2d4a6c8e1f3b5d7a9c0e2f4b6';

export function configuration() {
  return {
    fieldEncryption: {
      // ruleid: cred/secret-in-sink
      keyHex: '8c1e5a0f3b6d2947e0a1c4b8d7f36259a0e4c7b1d3f58e2a69c0b4d1e7f2a358',
    },
  };
}
