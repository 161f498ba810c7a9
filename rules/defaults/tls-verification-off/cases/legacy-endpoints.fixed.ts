import * as tls from 'node:tls';
import { readFileSync } from 'node:fs';
import https from 'node:https';

// Front for label printers with firmware from 2013.
export const printerFront = tls.createServer({
  key: readFileSync('/etc/label-proxy/key.pem'),
  cert: readFileSync('/etc/label-proxy/cert.pem'),
  // ruleid: defaults/tls-verification-off
  minVersion: 'TLSv1.2',
});

export function connectToMainframe(host: string) {
  return tls.connect({
    host,
    port: 992,
    // ruleid: defaults/tls-verification-off
    secureProtocol: 'TLS_method',
  });
}

// ok: defaults/tls-verification-off — any version the defaults allow, at least TLS 1.2
export const adminContext = tls.createSecureContext({ secureProtocol: 'TLS_method', minVersion: 'TLSv1.2' });

export const api = https.createServer({ minVersion: 'TLSv1.3' }, (_req, res) => res.end('ok'));
