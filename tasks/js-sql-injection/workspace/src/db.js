// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
'use strict';
const { DatabaseSync } = require('node:sqlite');
const { hashPassword } = require('./passwords');

const SCHEMA = `
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL, name TEXT NOT NULL,
                    password_hash TEXT NOT NULL, is_admin INTEGER NOT NULL DEFAULT 0);
CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL NOT NULL, category TEXT NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),
                     product_id INTEGER NOT NULL REFERENCES products(id), status TEXT NOT NULL);
`;

/** Opens a database with the schema and, unless seed is false, a few demo rows. */
function openDb(file = ':memory:', { seed = true } = {}) {
  const db = new DatabaseSync(file);
  db.exec(SCHEMA);
  if (seed) {
    const user = db.prepare('INSERT INTO users (email, name, password_hash, is_admin) VALUES (?, ?, ?, ?)');
    user.run('ada@example.com', 'Ada', hashPassword('analytical'), 1);
    user.run('bob@example.com', 'Bob', hashPassword('hunter2'), 0);
    const product = db.prepare('INSERT INTO products (name, price, category) VALUES (?, ?, ?)');
    product.run('Blue mug', 8.5, 'kitchen');
    product.run('Red mug', 9.0, 'kitchen');
    product.run('Desk lamp', 24.0, 'office');
    const order = db.prepare('INSERT INTO orders (user_id, product_id, status) VALUES (?, ?, ?)');
    order.run(1, 1, 'shipped');
    order.run(2, 3, 'pending');
  }
  return db;
}

module.exports = { openDb };
