// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
'use strict';
// Runner (uid 1000 over the agent's src/, root over the reference's): each request runs a list of
// calls [module, function, ...args] on a fresh database and answers with what happened, as values:
// each call's return value or thrown error name, every table's rows afterwards, and how often
// pwned() ran. pwned() is a SQL function registered only here, called by the injection payloads:
// if it ever runs, input became SQL. (The agent's code could forge that count only by targeting
// this hidden runner.) Usage: node runner.js [SRC_DIR]   (default /workspace/src)
const hbrunner = require('/hbench/lib/hbrunner.js'); // first: it takes the answer channel
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { DatabaseSync } = require('node:sqlite');

const SRC = path.resolve(process.argv[2] || '/workspace/src');
const SCHEMA = fs.readFileSync(path.join(__dirname, 'schema.sql'), 'utf8');
const hash = (p) => crypto.createHash('sha256').update('shop-salt:' + p).digest('hex');

function freshDb(counter) {
  const db = new DatabaseSync(':memory:');
  db.function('pwned', () => { counter.pwned++; return 1; });
  db.exec(SCHEMA);
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

function outcome(fn) {
  try {
    const value = fn();
    return value === undefined ? { undefined: true } : { ok: hbrunner.plain(value) };
  } catch (err) {
    return { raise: String((err && err.name) || typeof err) };
  }
}

function run(calls) {
  const counter = { pwned: 0 };
  const db = freshDb(counter);
  const steps = calls.map(([module, fn, ...args]) =>
    outcome(() => require(path.join(SRC, module + '.js'))[fn](db, ...args)));
  const tables = {};
  for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()) {
    try {
      tables[name] = hbrunner.plain(db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all());
    } catch (err) {
      tables[name] = null;
    }
  }
  return { steps, tables, pwned: counter.pwned };
}

hbrunner.serve({ run });
