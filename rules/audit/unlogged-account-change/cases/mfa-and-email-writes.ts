// A second-factor setting or an e-mail address stored on an existing account is an account change
// (the second factor and the login identifier are what a takeover changes first). Sending a
// one-time code is not: it stores the code, not a setting.
import { type Request, type Response } from 'express';
import { Orders, Users } from './models';

export async function setupTotp(req: Request, res: Response) {
  const user = await Users.findByPk(req.body.userId);
  // ruleid: audit/unlogged-account-change
  await user.update({ totpSecret: req.body.secret });
  res.status(200).send();
}

export async function disableTwoFactor(req: Request, res: Response) {
  const user = await Users.findById(req.body.userId);
  user.totpSecret = undefined;
  user.twoFactorEnabled = false;
  // ruleid: audit/unlogged-account-change
  await user.save();
  res.redirect('/account');
}

export async function updateProfile(req: Request, res: Response) {
  const user = await Users.findById(req.body.userId);
  user.email = req.body.email;
  user.name = req.body.name;
  // ruleid: audit/unlogged-account-change
  await user.save();
  res.redirect('/account');
}

export async function sendLoginCode(req: Request, res: Response) {
  const user = await Users.findById(req.body.userId);
  user.twoFactorCode = await Users.newCode();
  user.twoFactorExpires = Date.now() + 600000;
  // ok: audit/unlogged-account-change (a one-time code is stored, not a setting)
  await user.save();
  res.redirect('/login/verify');
}

export async function updateOrderContact(req: Request, res: Response) {
  const order = await Orders.findById(req.params.id);
  order.email = req.body.email;
  // ok: audit/unlogged-account-change (an order's contact address is not an account's login identifier)
  await order.save();
  res.json(order);
}
