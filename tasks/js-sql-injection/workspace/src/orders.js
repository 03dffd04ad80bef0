// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
'use strict';

/** Orders of one user (id, product, status), optionally only those with `status`. */
function ordersForUser(db, userId, status) {
  let sql = `SELECT o.id, p.name AS product, o.status FROM orders o JOIN products p ON p.id = o.product_id
             WHERE o.user_id = ${userId}`;
  if (status) sql += ` AND o.status = '${status}'`;
  return db.prepare(sql + ' ORDER BY o.id').all();
}

/** Places an order and returns its id. */
function placeOrder(db, userId, productId) {
  const info = db.prepare("INSERT INTO orders (user_id, product_id, status) VALUES (?, ?, 'pending')").run(userId, productId);
  return Number(info.lastInsertRowid);
}

module.exports = { ordersForUser, placeOrder };
