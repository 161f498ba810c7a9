'use strict';

const audit = require('../services/audit');

// Writes the route's event once the handler has answered; the outcome comes from the status code.
module.exports = function auditTrail(action) {
  return function auditTrailMiddleware(req, res, next) {
    res.on('finish', () => {
      audit.record({ action, actorId: req.session && req.session.userId, outcome: res.statusCode < 400 ? 'success' : 'failure' });
    });
    next();
  };
};
