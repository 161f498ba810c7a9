import { Router, type Request, type Response, type NextFunction } from 'express';
import argon2 from 'argon2';
import jwt from 'jsonwebtoken';
import { randomBytes } from 'crypto';
import { logger } from '../logger';

export const auth = Router();
export const admin = Router();

export function requireAuth(req: Request, res: Response, next: NextFunction) {
  const raw = req.cookies['access_token'];
  if (!raw) {
    // ruleid: audit/unlogged-access-denial
    res.status(401).json({ error: 'unauthorized' });
    return;
  }
  try {
    (req as any).user = jwt.verify(raw, process.env.ACCESS_SECRET!);
    return next();
  } catch (err) {
    logger.warn({ event: 'authn_token_invalid', err: (err as Error).name, ip: req.ip });
    res.status(401).json({ error: 'unauthorized' });
  }
}

export function requireRole(...roles: string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const user = (req as any).user;
    if (!roles.includes(user.role)) {
      logger.warn({ event: 'authz_fail', userId: user.sub, required: roles, path: req.path });
      return res.status(403).json({ error: 'forbidden' });
    }
    next();
  };
}

auth.post('/signin', async (req, res) => {
  const { email, password } = req.body;
  const member = await Members.findByEmail(email.toLowerCase());
  // ruleid: audit/unlogged-authentication
  if (!member || !(await argon2.verify(member.passwordHash, password))) {
    logger.info('failed sign-in attempt');
    return res.status(401).json({ error: 'invalid credentials' });
  }
  logger.info({ event: 'authn_login_success', memberId: member.id, ip: req.ip });
  res.cookie('access_token', jwt.sign({ sub: member.id, role: member.role }, process.env.ACCESS_SECRET!), { httpOnly: true });
  res.json({ id: member.id });
});

auth.post('/signup', async (req, res) => {
  const { email, password } = req.body;
  const member = await Members.create({ email, passwordHash: await argon2.hash(password) });
  logger.info({ event: 'user_created', memberId: member.id, ip: req.ip });
  res.status(201).json({ id: member.id });
});

auth.post('/forgot-password', async (req, res) => {
  const token = randomBytes(32).toString('hex');
  await ResetTokens.save(req.body.email, token);
  await mailer.sendReset(req.body.email, token);
  // ruleid: audit/unlogged-authentication
  res.json({ sent: true });
});

admin.use(requireAuth, requireRole('admin'));

admin.get('/members', async (_req, res) => {
  res.json(await Members.list());
});

admin.post('/members/:id/role', async (req, res) => {
  const before = await Members.get(req.params.id);
  await Members.setRole(req.params.id, req.body.role);
  logger.info({ event: 'authz_change', actor: (req as any).user.sub, target: req.params.id, from: before.role, to: req.body.role });
  res.json({ ok: true });
});

admin.delete('/members/:id', async (req, res) => {
  await Members.remove(req.params.id);
  // ruleid: audit/unlogged-account-change
  res.status(204).send();
});

admin.get('/audit-log/export', async (req, res) => {
  const rows = await AuditLog.all();
  // ruleid: audit/unlogged-high-risk-operation
  res.type('text/csv').send(rows.map((r: any) => Object.values(r).join(',')).join('\n'));
});

admin.get('/dashboard', (_req, res) => res.render('admin/dashboard'));

declare const Members: any, ResetTokens: any, mailer: any, AuditLog: any;
