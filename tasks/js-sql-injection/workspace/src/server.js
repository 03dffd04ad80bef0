// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
'use strict';
// A minimal JSON API over the modules (for manual testing: npm start, then curl localhost:8080/...).
const http = require('node:http');
const { openDb } = require('./db');
const { findUserByEmail, checkLogin } = require('./users');
const { searchProducts } = require('./products');
const { ordersForUser } = require('./orders');

const db = openDb();

function handle(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const q = Object.fromEntries(url.searchParams);
  let body;
  try {
    if (url.pathname === '/user') body = findUserByEmail(db, q.email) || null;
    else if (url.pathname === '/login') body = { ok: checkLogin(db, q.email, q.password) };
    else if (url.pathname === '/products')
      body = searchProducts(db, q.q || '', { maxPrice: q.max, sort: q.sort });
    else if (url.pathname === '/orders') body = ordersForUser(db, q.user, q.status);
    else { res.writeHead(404).end(); return; }
  } catch (err) {
    res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: err.message }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

if (require.main === module) http.createServer(handle).listen(8080);
module.exports = { handle };
