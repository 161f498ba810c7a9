import jwt, { type JwtHeader } from 'jsonwebtoken';
import { decodeJwt } from 'jose';
import { getSigningKey } from './jwks';

// ok: defaults/jwt-misuse — the header picks the key from the JWKS; verify then checks the token
export async function verifyFromJwks(token: string) {
  const { header } = jwt.decode(token, { complete: true }) as { header: JwtHeader };
  const key = await getSigningKey(header.kid);
  return jwt.verify(token, key, { algorithms: ['RS256'], audience: 'shop-api' });
}

export function tenantOf(token: string): string {
  // ruleid: defaults/jwt-misuse
  const claims = decodeJwt(token);
  return String(claims.tenant);
}

// ok: defaults/jwt-misuse — an admin list shows when each session token was issued; nothing is authorised by it
export function issuedAt(sessionToken: string): number | null {
  const parsed = jwt.decode(sessionToken, { json: true });
  return parsed?.iat ?? null;
}

export interface RoomClaims {
  room: string;
  role: 'host' | 'guest';
}

// The claims leave typed as identity claims (`role`): the callers decide who is host by them.
export function readRoomToken(token: string): RoomClaims | null {
  // ruleid: defaults/jwt-misuse
  const claims = jwt.decode(token) as RoomClaims | null;
  if (!claims || typeof claims.room !== 'string') return null;
  return claims;
}

// ok: defaults/jwt-misuse — only the expiry is read to schedule a refresh
export function expiresAt(token: string): number {
  const claims = jwt.decode(token) as { exp?: number } | null;
  return (claims?.exp ?? 0) * 1000;
}

export async function gate(token: string, fast: boolean, key: Uint8Array) {
  if (fast) {
    // ruleid: defaults/jwt-misuse — the verify below is never reached on this branch
    const claims = decodeJwt(token);
    if (claims.role !== 'organizer') return null;
    return claims.sub;
  }
  return jwt.verify(token, key as never, { algorithms: ['HS256'] });
}
