'use strict';

const logger = require('pino')({ name: 'audit' });

exports.record = (event) => logger.info({ audit: true, ...event });
