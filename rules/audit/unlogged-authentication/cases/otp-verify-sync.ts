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
      return res.status(401).send();
    }
    res.json({ token: await Users.issueToken(user) });
  } catch (error) {
    // ok: audit/unlogged-authentication (folded into the finding above)
    res.status(401).send();
  }
}
