import { sendSms } from './sms';

export function generateOtp(): string {
  // ruleid: defaults/insecure-randomness
  return String(Math.floor(100000 + Math.random() * 900000));
}

export async function startLogin(phone: string) {
  const otp = generateOtp();
  await sendSms(phone, `Your code is ${otp}`);
  // ok: defaults/insecure-randomness — a colour for the avatar placeholder
  const avatarColor = `hsl(${Math.floor(Math.random() * 360)}, 60%, 50%)`;
  return { avatarColor };
}

export function sessionId(): string {
  // ruleid: defaults/insecure-randomness
  return Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
}
