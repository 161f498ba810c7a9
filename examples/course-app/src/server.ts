// The course app's HTTP layer.
import express from 'express';
import mysql from 'mysql2/promise';
import { findUserByName, searchProducts, listOrders, noteById } from './db';

const app = express();
app.use(express.json());

const reports = mysql.createPool({ host: process.env.REPORTS_HOST, user: 'reports', database: 'reports' });

app.get('/users/:name', async (req, res) => {
  res.json(await findUserByName(req.params.name));
});

app.get('/products', async (req, res) => {
  res.json(await searchProducts(String(req.query.q), String(req.query.category)));
});

app.get('/orders', async (req, res) => {
  res.json(await listOrders(req.query.customer, req.query.sort));
});

app.get('/notes/:id', (req, res) => {
  res.json(noteById(req.params.id));
});

app.get('/reports/:year', async (req, res) => {
  const [rows] = await reports.query(`SELECT * FROM sales WHERE year = ${req.params.year} AND region = '${req.query.region}'`);
  res.json(rows);
});

app.listen(3000);
