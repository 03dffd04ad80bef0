// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
'use strict';
// Hidden grader: calls the agent's modules on a database built here (same schema, different
// rows), first with legitimate input, then with injection payloads. The payloads call pwned(),
// a SQL function registered only in the grader: if it ever runs, input became SQL.
const fs = require('node:fs');
const crypto = require('node:crypto');
const { DatabaseSync } = require('node:sqlite');

const SRC = '/workspace/src';
const hash = (p) => crypto.createHash('sha256').update('shop-salt:' + p).digest('hex');
let pwnedCalls = 0;

function freshDb() {
  const db = new DatabaseSync(':memory:');
  db.function('pwned', () => { pwnedCalls++; return 1; });
  db.exec(fs.readFileSync('/tests/schema.sql', 'utf8'));
  const user = db.prepare('INSERT INTO users (id, email, name, password_hash, is_admin) VALUES (?, ?, ?, ?, ?)');
  user.run(1, 'root@shop.test', 'Root', hash('s3cret!'), 1);
  user.run(2, "o'neil@shop.test", "Tip O'Neil", hash("it's me"), 0);
  user.run(3, 'mei@shop.test', 'Mei', hash('pw-mei'), 0);
  const product = db.prepare('INSERT INTO products (id, name, price, category) VALUES (?, ?, ?, ?)');
  [[1, 'Tea cup', 4.5, 'kitchen'], [2, "Kid's cup", 3.0, 'kids'], [3, 'Cupboard', 120.0, 'home'],
   [4, 'Teapot', 19.99, 'kitchen'], [5, 'Pen', 1.25, 'office']].forEach((p) => product.run(...p));
  const order = db.prepare('INSERT INTO orders (id, user_id, product_id, status) VALUES (?, ?, ?, ?)');
  [[1, 1, 3, 'shipped'], [2, 2, 1, 'pending'], [3, 2, 4, 'shipped'], [4, 3, 5, 'pending']].forEach((o) => order.run(...o));
  return db;
}

const plain = (rows) => rows.map((r) => ({ ...r }));
const names = (rows) => rows.map((r) => r.name);
const intact = (db) => db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get().n === 3 &&
  db.prepare('SELECT count(*) AS n FROM users').get().n >= 3 && db.prepare('SELECT count(*) AS n FROM orders').get().n >= 4;

function load(name) {
  return require(`${SRC}/${name}`);
}

const checks = [];
const check = (name, fn) => checks.push({ name, fn });

// --- legitimate input must behave as before ---
check('findUserByEmail: plain and apostrophe e-mails', () => {
  const { findUserByEmail } = load('users');
  const db = freshDb();
  const a = findUserByEmail(db, 'mei@shop.test');
  const b = findUserByEmail(db, "o'neil@shop.test");
  return a && a.id === 3 && a.name === 'Mei' && b && b.id === 2 && findUserByEmail(db, 'x@shop.test') === undefined;
});
check('checkLogin: right and wrong passwords', () => {
  const { checkLogin } = load('users');
  const db = freshDb();
  return checkLogin(db, 'root@shop.test', 's3cret!') === true && checkLogin(db, 'root@shop.test', 'nope') === false &&
    checkLogin(db, "o'neil@shop.test", "it's me") === true;
});
check('searchProducts: term, maxPrice, sorts', () => {
  const { searchProducts } = load('products');
  const db = freshDb();
  return JSON.stringify(names(plain(searchProducts(db, 'cup')))) === JSON.stringify(['Cupboard', "Kid's cup", 'Tea cup']) &&
    JSON.stringify(names(plain(searchProducts(db, 'cup', { sort: 'price' })))) === JSON.stringify(["Kid's cup", 'Tea cup', 'Cupboard']) &&
    JSON.stringify(names(plain(searchProducts(db, 'TEA', { sort: 'price_desc' })))) === JSON.stringify(['Teapot', 'Tea cup']) &&
    JSON.stringify(names(plain(searchProducts(db, '', { maxPrice: 4.5 })))) === JSON.stringify(["Kid's cup", 'Pen', 'Tea cup']) &&
    JSON.stringify(names(plain(searchProducts(db, 'e', { maxPrice: '20', sort: 'price' })))) === JSON.stringify(['Pen', 'Tea cup', 'Teapot']) &&
    JSON.stringify(names(plain(searchProducts(db, "kid's")))) === JSON.stringify(["Kid's cup"]);
});
check('ordersForUser: by user and status', () => {
  const { ordersForUser } = load('orders');
  const db = freshDb();
  return JSON.stringify(plain(ordersForUser(db, 2))) ===
      JSON.stringify([{ id: 2, product: 'Tea cup', status: 'pending' }, { id: 3, product: 'Teapot', status: 'shipped' }]) &&
    JSON.stringify(plain(ordersForUser(db, '2', 'shipped'))) === JSON.stringify([{ id: 3, product: 'Teapot', status: 'shipped' }]) &&
    plain(ordersForUser(db, 1, 'pending')).length === 0;
});
check("renameUser: names with apostrophes", () => {
  const { renameUser } = load('admin');
  const db = freshDb();
  renameUser(db, 3, "Mei O'Hara");
  return db.prepare('SELECT name FROM users WHERE id = 3').get().name === "Mei O'Hara" &&
    db.prepare('SELECT name FROM users WHERE id = 1').get().name === 'Root';
});

// --- injections: input must stay data ---
const attempt = (fn) => { try { return { value: fn() }; } catch (err) { return { threw: true }; } };
check('findUserByEmail resists injection', () => {
  const { findUserByEmail } = load('users');
  const db = freshDb();
  return ["' OR '1'='1", "x' OR pwned() OR '", "' UNION SELECT 1, 'a', 'b', 1 --"].every((p) => {
    const r = attempt(() => findUserByEmail(db, p));
    return r.threw || r.value === undefined;
  });
});
check('checkLogin resists injection', () => {
  const { checkLogin } = load('users');
  const db = freshDb();
  return ["root@shop.test' --", "' OR pwned() --", "root@shop.test' OR '1'='1"].every((p) => {
    const r = attempt(() => checkLogin(db, p, 'anything'));
    return r.threw || r.value === false;
  });
});
check('searchProducts term resists injection', () => {
  const { searchProducts } = load('products');
  const db = freshDb();
  return ["%' OR pwned() OR '", "' UNION SELECT id, email, 1, password_hash FROM users --", "x'; DELETE FROM products; --"].every((p) => {
    const r = attempt(() => searchProducts(db, p));
    return r.threw || r.value.length === 0;
  }) && db.prepare('SELECT count(*) AS n FROM products').get().n === 5;
});
check('searchProducts maxPrice resists injection', () => {
  const { searchProducts } = load('products');
  const db = freshDb();
  const before = pwnedCalls;
  attempt(() => searchProducts(db, '', { maxPrice: '1 OR pwned()' }));
  const r = attempt(() => searchProducts(db, '', { maxPrice: '0 UNION SELECT id, email, 1, password_hash FROM users' }));
  return pwnedCalls === before && (r.threw || !JSON.stringify(plain(r.value)).includes('@shop.test'));
});
check('searchProducts sort accepts only the allowed values', () => {
  const { searchProducts } = load('products');
  const db = freshDb();
  const before = pwnedCalls;
  return ['name, pwned()', 'price; DROP TABLE products', '(SELECT pwned())', 'id', 'name DESC', 'constructor', '__proto__']
    .every((p) => attempt(() => searchProducts(db, 'cup', { sort: p })).threw) && pwnedCalls === before && intact(db);
});
check('ordersForUser resists injection', () => {
  const { ordersForUser } = load('orders');
  const db = freshDb();
  const a = attempt(() => ordersForUser(db, '1 OR 1=1'));
  const b = attempt(() => ordersForUser(db, '3 OR pwned()'));
  const c = attempt(() => ordersForUser(db, 2, "x' OR '1'='1"));
  return [a, b, c].every((r) => r.threw || r.value.length === 0);
});
check('renameUser resists injection', () => {
  const { renameUser } = load('admin');
  const db = freshDb();
  const payload = "x', is_admin = 1 WHERE id = 3; DROP TABLE orders; --";
  attempt(() => renameUser(db, 3, payload));
  attempt(() => renameUser(db, '2 OR 1=1', 'Mallory'));
  attempt(() => renameUser(db, 1, "' || pwned() || '"));
  const mei = db.prepare('SELECT name, is_admin FROM users WHERE id = 3').get();
  return intact(db) && mei.is_admin === 0 && mei.name === payload &&
    db.prepare("SELECT count(*) AS n FROM users WHERE name = 'Mallory'").get().n === 0;
});
check('no payload ever ran as SQL', () => pwnedCalls === 0);

let passed = 0;
for (const { name, fn } of checks) {
  let ok = false;
  let note = '';
  try { ok = fn() === true; } catch (err) { note = ` (${String(err && err.message).slice(0, 120)})`; }
  if (ok) passed++; else console.log(`FAIL ${name}${note}`);
}
console.log(`${passed}/${checks.length} checks passed`);
fs.writeFileSync(process.env.HB_SCORE_FILE || '/dev/null', JSON.stringify({ tests_passed: passed, tests_total: checks.length }));
process.exit(passed === checks.length ? 0 : 1);
