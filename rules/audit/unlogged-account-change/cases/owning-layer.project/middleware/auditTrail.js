'use strict';

const audit = require('../services/audit');

// Writes the route's event once the handler has answered.
module.exports = function auditTrail(action) {
  return function auditTrailMiddleware(req, res, next) {
    res.on('finish', () => audit.record({ action, actorId: req.user && req.user.id, outcome: res.statusCode < 400 ? 'success' : 'failure' }));
    next();
  };
};
