// HR lookups on Oracle with node-oracledb.
const oracledb = require('oracledb');

async function employee(req, res) {
  const connection = await oracledb.getConnection({ user: 'hr', password: process.env.HR_PASSWORD, connectString: 'db/XEPDB1' });
  try {
    // ruleid: sql/string-built-query
    const result = await connection.execute(`SELECT * FROM employees WHERE last_name = '${req.query.name}'`);
    // ruleid: sql/string-built-query
    const salaries = await connection.execute('SELECT salary FROM salaries WHERE employee_id = ' + req.params.id + ' AND year = :year', { year: 2024 });
    // ok: sql/string-built-query
    const dept = await connection.execute('SELECT * FROM departments WHERE id = :id', { id: req.query.dept });
    // ok: sql/string-built-query
    const mgr = await connection.execute('SELECT * FROM employees WHERE manager_id = :1', [req.query.manager]);
    res.json({ employee: result.rows, salaries: salaries.rows, dept: dept.rows, mgr: mgr.rows });
  } finally {
    await connection.close();
  }
}

async function byLevel(pool, level) {
  const connection = await pool.getConnection();
  // ruleid: sql/string-built-query
  return connection.execute(`SELECT * FROM grades WHERE grade_level = ${level}`, [], { outFormat: oracledb.OUT_FORMAT_OBJECT });
}

module.exports = { employee, byLevel };
