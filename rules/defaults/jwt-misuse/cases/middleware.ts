import { jwtDecode } from 'jwt-decode';
import type { Request, Response, NextFunction } from 'express';

// "The gateway already checked it" — but nothing here does.
export function requireAdmin(req: Request, res: Response, next: NextFunction) {
  const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
  // ruleid: defaults/jwt-misuse
  const claims = jwtDecode<{ role?: string }>(token);
  if (claims.role !== 'admin') return res.status(403).end();
  next();
}
