// A handler file that imports with `import x = require('y')` and has no escaper yet: the fix adds
// one in the same style.
import express = require('express');

const router = express.Router();

router.get('/greet', (req, res) => {
  // ruleid: xss/html-response
  res.send(`<h1>Welcome, ${req.query.user}</h1>`);
});

export = router;
