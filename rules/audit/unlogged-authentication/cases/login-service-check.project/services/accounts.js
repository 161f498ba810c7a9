'use strict';

exports.findByEmail = async () => null;
