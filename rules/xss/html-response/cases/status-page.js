// A status page handler in a CommonJS module that requires nothing yet.
module.exports = function statusPage(req, res) {
  // ruleid: xss/html-response
  res.send(`<h1>Status of ${req.query.service}</h1><p>All systems normal.</p>`);
};
