// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
'use strict';
const crypto = require('node:crypto');

function hashPassword(password) {
  return crypto.createHash('sha256').update('shop-salt:' + password).digest('hex');
}

module.exports = { hashPassword };
