import express, { Request, Response } from 'express';
import { z } from 'zod';

const router = express.Router();
const Todo = z.object({ title: z.string().min(1), done: z.boolean().default(false) });

router.get('/todos', async (req: Request, res: Response) => {
  const page = Number(req.query.page ?? 1);
  res.json(await todos.list({ page, owner: req.user!.id }));
});

router.post('/todos', async (req: Request, res: Response) => {
  const parsed = Todo.safeParse(req.body);
  if (!parsed.success) return res.status(400).json(parsed.error.flatten());
  const todo = await todos.create({ ...parsed.data, owner: req.user!.id });
  res.status(201).json(todo);
});

router.put('/todos/:id', async (req: Request, res: Response) => {
  const todo = await todos.get(req.params.id);
  if (!todo) return res.sendStatus(404);
  if (todo.owner !== req.user!.id) {
    // ruleid: audit/unlogged-access-denial
    return res.sendStatus(403);
  }
  res.json(await todos.update(todo.id, req.body));
});

router.delete('/todos/:id', async (req: Request, res: Response) => {
  const removed = await todos.remove(req.params.id, req.user!.id);
  if (!removed) return res.status(404).json({ error: 'not found' });
  res.sendStatus(204);
});

router.get('/tags', async (_req, res) => res.json(await tags.all()));

router.post('/newsletter', async (req, res) => {
  await newsletter.subscribe(req.body.email);
  res.status(202).json({ queued: true });
});

router.get('/search', async (req, res) => {
  const q = String(req.query.q ?? '');
  if (q.length > 200) return res.status(413).end();
  res.json(await search(q));
});

export default router;
