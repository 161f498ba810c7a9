'use strict';

const orders = require('../repositories/orderRepository');

exports.search = async (req, res) => {
  res.json(await orders.search({ customer: req.query.customer }));
};

exports.byNote = async (req, res) => {
  res.json(await orders.byNote(String(req.query.q || '')));
};
