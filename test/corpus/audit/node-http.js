const http = require('http');
const crypto = require('crypto');

const ADMIN_TOKEN_HASH = Buffer.from(process.env.ADMIN_TOKEN_SHA256 || '', 'hex');

function sameToken(given) {
  const digest = crypto.createHash('sha256').update(given || '').digest();
  return digest.length === ADMIN_TOKEN_HASH.length && crypto.timingSafeEqual(digest, ADMIN_TOKEN_HASH);
}

const server = http.createServer(async (req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    return res.end('ok');
  }
  if (req.url.startsWith('/admin')) {
    if (!sameToken(req.headers['x-admin-token'])) {
      // ruleid: audit/unlogged-access-denial
      res.writeHead(403);
      return res.end();
    }
    if (req.method === 'POST' && req.url === '/admin/rotate-keys') {
      await rotateKeys();
      process.stdout.write(JSON.stringify({ event: 'authz_admin', action: 'rotate_keys', time: new Date().toISOString() }) + '\n');
      res.writeHead(204);
      return res.end();
    }
  }
  res.writeHead(404);
  res.end();
});

server.listen(8080);
