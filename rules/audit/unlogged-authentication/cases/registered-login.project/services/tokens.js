'use strict';

exports.userFor = async () => null;
exports.userForAssertion = async () => null;
exports.remove = async () => undefined;
exports.refresh = async () => ({});
