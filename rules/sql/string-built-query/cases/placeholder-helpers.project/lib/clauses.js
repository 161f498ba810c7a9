// SQL text helpers: a placeholder list for IN (…), and a LIKE condition.
export function placeholders(count) {
  return '(' + new Array(count).fill('?').join(', ') + ')';
}

export function containsTerm(column, term) {
  return `${column} LIKE '%${term}%'`;
}
