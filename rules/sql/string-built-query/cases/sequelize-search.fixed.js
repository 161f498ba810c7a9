// A product catalogue on Sequelize.
const { Sequelize, QueryTypes, Op } = require('sequelize');

const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false });

async function searchProducts(req, res) {
  // ruleid: sql/string-built-query
  const products = await sequelize.query(`SELECT * FROM products WHERE name LIKE :q`, { replacements: { q: `%${req.query.q}%` }, type: QueryTypes.SELECT });
  res.json(products);
}

async function productsByBrand(req, res) {
  // ruleid: sql/string-built-query
  const rows = await sequelize.query('SELECT * FROM products WHERE brand = :brand AND price < :max', {
    replacements: { max: req.query.max, brand: req.params.brand },
    type: QueryTypes.SELECT,
  });
  res.json(rows);
}

async function deleteReview(req, res) {
  // ruleid: sql/string-built-query
  await sequelize.query('DELETE FROM reviews WHERE id = :id', { replacements: { id: req.params.id } });
  res.sendStatus(204);
}

async function cheapest(req, res) {
  const Product = sequelize.models.Product;
  const rows = await Product.findAll({
    // ruleid: sql/string-built-query
    where: Sequelize.literal(`price < ${req.query.max}`),
  });
  res.json(rows);
}

async function safe(req, res) {
  // ok: sql/string-built-query
  const a = await sequelize.query('SELECT * FROM products WHERE id = :id', { replacements: { id: req.params.id }, type: QueryTypes.SELECT });
  // ok: sql/string-built-query
  const b = await sequelize.query('SELECT * FROM products WHERE id = $1', { bind: [req.params.id], type: QueryTypes.SELECT });
  // ok: sql/string-built-query
  const c = await sequelize.models.Product.findAll({ where: { price: { [Op.lt]: req.query.max } } });
  // ok: sql/string-built-query (a constant literal)
  const d = await sequelize.models.Product.findAll({ order: Sequelize.literal('price DESC') });
  res.json([a, b, c, d]);
}

module.exports = { searchProducts, productsByBrand, deleteReview, cheapest, safe };
