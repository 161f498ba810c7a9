// otplib's synchronous API (`verifySync(…).valid`) decides a second factor like `check`; a 401 in
// the `catch` around the check is the same login's failure: one finding, both events in the fix.
import { type Request, type Response } from 'express';
import { verifySync } from 'otplib';
import { Users } from './users';

export async function verifySecondFactor(req: Request, res: Response) {
  const { userId, totpToken } = req.body;
  try {
    const user = await Users.findByPk(userId);
    if (user == null) throw new Error('No such user');
    // ruleid: audit/unlogged-authentication
    const isValid = verifySync({ secret: user.totpSecret, token: totpToken }).valid;
    if (!isValid) {
      auditLog({ event: 'authn_login_fail', outcome: 'failure', ip: req.ip, time: new Date().toISOString() });
      return res.status(401).send();
    }
    auditLog({ event: 'authn_login_success', outcome: 'success', ip: req.ip, time: new Date().toISOString() });
    res.json({ token: await Users.issueToken(user) });
  } catch (error) {
    // ok: audit/unlogged-authentication (folded into the finding above)
    auditLog({ event: 'authn_login_fail', outcome: 'failure', ip: req.ip, time: new Date().toISOString() });
    res.status(401).send();
  }
}

/** Structured audit events (OWASP Logging Vocabulary names) as JSON lines on stdout for the SIEM; never pass secrets. */
function auditLog(event: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...event }) + '\n');
}
