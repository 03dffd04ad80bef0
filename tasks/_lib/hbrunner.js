// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
// hbrunner.js: the runner side of a HarnessBench grader, for Node (runs as uid 1000).
//
// Require this module FIRST: it keeps the answer channel (fd 1) for itself and sends everything else
// written to process.stdout (console.log...) to stderr. Then load the agent's modules and call
//   serve({ op: (...args) => value, ... })
// which reads one request per line from stdin ('<nonce> <json [op, ...args]>') and writes
// '@<n> <nonce> <json>' with {"ok": value} or {"raise": "ErrorName", "message": "..."}; handlers may
// return promises.
'use strict';
const fs = require('node:fs');
const readline = require('node:readline');

const answerFd = 1;
const toStderr = process.stderr.write.bind(process.stderr);
process.stdout.write = (chunk, encoding, callback) => toStderr(chunk, encoding, callback);

function answer(seq, payload) {
  fs.writeSync(answerFd, `@${seq} ${payload}\n`);
}

function plain(value) {
  if (value === undefined) return null;
  if (Buffer.isBuffer(value)) return { bytes: value.toString('hex') };
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

function serve(handlers) {
  answer(0, 'ready');
  let seq = 0;
  const queue = [];
  let busy = false;
  const next = async () => {
    if (busy) return;
    busy = true;
    while (queue.length > 0) {
      const line = queue.shift();
      seq += 1;
      const space = line.indexOf(' ');
      const nonce = space < 0 ? line : line.slice(0, space);
      let result;
      try {
        const [op, ...args] = JSON.parse(space < 0 ? '' : line.slice(space + 1));
        result = { ok: plain(await handlers[op](...args)) };
      } catch (err) {
        result = { raise: (err && err.name) || typeof err, message: String((err && err.message) || err).slice(0, 200) };
      }
      answer(seq, `${nonce} ${JSON.stringify(result)}`);
    }
    busy = false;
  };
  readline.createInterface({ input: process.stdin }).on('line', (line) => { queue.push(line); next(); });
}

module.exports = { serve, plain };
