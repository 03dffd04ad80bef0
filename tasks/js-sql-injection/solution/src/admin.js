// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
'use strict';

/** Renames a user. */
function renameUser(db, userId, newName) {
  db.prepare('UPDATE users SET name = ? WHERE id = ?').run(newName, userId);
}

/** Sets an order's status, returns true if an order was updated. */
function setOrderStatus(db, orderId, status) {
  const info = db.prepare('UPDATE orders SET status = ? WHERE id = ?').run(status, orderId);
  return info.changes > 0;
}

module.exports = { renameUser, setOrderStatus };
