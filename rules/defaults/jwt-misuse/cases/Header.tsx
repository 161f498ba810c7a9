'use client';
import { jwtDecode } from 'jwt-decode';
import { useMemo } from 'react';

// ok: defaults/jwt-misuse — the browser shows the signed-in name; the server decides access
export function Greeting({ token }: { token: string }) {
  const name = useMemo(() => jwtDecode<{ name: string }>(token).name, [token]);
  return <span>Hello {name}</span>;
}
