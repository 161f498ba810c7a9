// A login form and its i18n strings: the words password, token and secret everywhere, no secret.
import { useState } from 'react';

const messages = {
  // ok: cred/hardcoded-secret
  password: 'Password',
  // ok: cred/hardcoded-secret
  passwordHint: 'At least 12 characters',
  // ok: cred/hardcoded-secret
  forgotPassword: 'Forgot your password?',
  // ok: cred/hardcoded-secret
  tokenExpired: 'Your session has expired. Please sign in again.',
  // ok: cred/hardcoded-secret
  secretQuestion: 'What was the name of your first pet?',
};

export function LoginForm({ onSubmit }: { onSubmit: (u: string, p: string) => void }) {
  const [user, setUser] = useState('');
  // ok: cred/hardcoded-secret
  const [password, setPassword] = useState('');
  return (
    <form onSubmit={() => onSubmit(user, password)}>
      <label htmlFor="password">{messages.password}</label>
      {/* ok: cred/hardcoded-secret */}
      <input id="password" type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      <input value={user} onChange={(e) => setUser(e.target.value)} />
    </form>
  );
}
