// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { openDb } = require('../src/db');
const { findUserByEmail, checkLogin, createUser } = require('../src/users');
const { searchProducts } = require('../src/products');
const { ordersForUser } = require('../src/orders');
const { renameUser } = require('../src/admin');

const plain = (rows) => rows.map((r) => ({ ...r }));

test('find user', () => {
  const db = openDb();
  assert.deepStrictEqual({ ...findUserByEmail(db, 'bob@example.com') }, { id: 2, email: 'bob@example.com', name: 'Bob', is_admin: 0 });
  assert.strictEqual(findUserByEmail(db, 'nobody@example.com'), undefined);
});

test('login', () => {
  const db = openDb();
  assert.strictEqual(checkLogin(db, 'ada@example.com', 'analytical'), true);
  assert.strictEqual(checkLogin(db, 'ada@example.com', 'wrong'), false);
});

test('search products', () => {
  const db = openDb();
  assert.deepStrictEqual(plain(searchProducts(db, 'mug')).map((p) => p.name), ['Blue mug', 'Red mug']);
  assert.deepStrictEqual(plain(searchProducts(db, 'mug', { sort: 'price_desc' })).map((p) => p.name), ['Red mug', 'Blue mug']);
  assert.deepStrictEqual(plain(searchProducts(db, '', { maxPrice: 9 })).map((p) => p.name), ['Blue mug', 'Red mug']);
});

test('orders and rename', () => {
  const db = openDb();
  assert.deepStrictEqual(plain(ordersForUser(db, 2)), [{ id: 2, product: 'Desk lamp', status: 'pending' }]);
  assert.deepStrictEqual(plain(ordersForUser(db, 1, 'pending')), []);
  const id = createUser(db, 'cy@example.com', 'Cy', 'pw');
  renameUser(db, id, 'Cyrus');
  assert.strictEqual(findUserByEmail(db, 'cy@example.com').name, 'Cyrus');
});
