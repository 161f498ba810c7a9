'use strict';

// The WHERE clause of the order search screen: text assembled from the filters.
function buildOrderFilter(filters) {
  let where = ' WHERE o.deleted_at IS NULL';
  if (filters.customer) {
    where = where.concat(" AND c.name ILIKE '%", filters.customer, "%'");
  }
  return where;
}

function buildSortClause(sort) {
  const parts = [' ORDER BY '];
  parts.push(sort || 'o.created_at');
  return parts.join('');
}

// The parameterised variant: the text carries placeholders only.
function buildCustomerFilter(customerId) {
  return { text: ' WHERE o.customer_id = $1', values: [customerId] };
}

function searchSql(term) {
  return "SELECT id FROM orders WHERE note LIKE '%" + term + "%'";
}

module.exports = { buildOrderFilter, buildSortClause, buildCustomerFilter, searchSql };
