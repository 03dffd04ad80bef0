// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
'use strict';
const { hashPassword } = require('./passwords');

/** The user with this e-mail address (id, email, name, is_admin), or undefined. */
function findUserByEmail(db, email) {
  return db.prepare(`SELECT id, email, name, is_admin FROM users WHERE email = '${email}'`).get();
}

/** True if the e-mail/password pair is valid. */
function checkLogin(db, email, password) {
  const row = db
    .prepare(`SELECT id FROM users WHERE email = '${email}' AND password_hash = '${hashPassword(password)}'`)
    .get();
  return row !== undefined;
}

/** Creates a user and returns its id. */
function createUser(db, email, name, password) {
  const info = db
    .prepare('INSERT INTO users (email, name, password_hash) VALUES (?, ?, ?)')
    .run(email, name, hashPassword(password));
  return Number(info.lastInsertRowid);
}

module.exports = { findUserByEmail, checkLogin, createUser };
