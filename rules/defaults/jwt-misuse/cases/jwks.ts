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
