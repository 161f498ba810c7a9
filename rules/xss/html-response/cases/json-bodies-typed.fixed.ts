// TypeScript declares what a body is: a record type is sent as JSON, a string is HTML.
import express, { Request, Response } from 'express';
import escapeHtml from 'escape-html';

interface Product { id: number; name: string }
declare function lookup(id: string): Promise<Product>;
declare function describe(id: string): Promise<string>;

const app = express();

app.get('/products/:id', async (req: Request, res: Response) => {
  const product: Product = await lookup(req.params.id);
  // ok: xss/html-response
  res.send(product);
});

app.get('/products', async (req: Request, res: Response) => {
  const rows: Product[] = [await lookup(String(req.query.id))];
  // ok: xss/html-response
  res.status(200).send(rows);
});

app.get('/products/:id/description', async (req: Request, res: Response) => {
  const description: string = await describe(req.params.id);
  // ruleid: xss/html-response
  res.send('<div>' + escapeHtml(description) + escapeHtml(req.query.note) + '</div>');
});

export default app;
