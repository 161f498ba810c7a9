// A Koa app and a bare Node http server that answer with hand-built HTML.
import Koa from 'koa';
import http from 'node:http';
import escapeHtml from 'escape-html';

const app = new Koa();

app.use(async (ctx) => {
  const name = ctx.query.name as string;
  // ruleid: xss/html-response
  ctx.body = `<h1>Welcome, ${escapeHtml(name)}</h1>`;
});

app.use(async (ctx) => {
  // ok: xss/html-response
  ctx.body = { greeting: `Welcome, ${ctx.query.name}` };
});

http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  // ruleid: xss/html-response
  res.end('<p>You asked for ' + escapeHtml(url.searchParams.get('page')) + '</p>');
}).listen(8080);

http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  // ok: xss/html-response
  res.end(JSON.stringify({ path: req.url }));
}).listen(8081);
