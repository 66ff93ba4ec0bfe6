// Preloaded into a Node Sentry generator: `node --require with-dsn.cjs gen_node.js run ...`
// with STACKDECK_DSN=http://KEY@127.0.0.1:PORT/ID.
//
// The shared generators (../shared/tools/sdk-corpus) hard-wire the capture
// sink's DSN, http://publickey@127.0.0.1:<sink port>/1; a `stackdeck-cli serve`
// DSN has a random key per workspace project. Whoever requires '@sentry/node'
// gets the module as it is, except that init() uses $STACKDECK_DSN, as a user
// pasting the endpoint's DSN into the app would.
'use strict';
const Module = require('node:module');

const dsn = process.env.STACKDECK_DSN;
if (!dsn) throw new Error('with-dsn.cjs: STACKDECK_DSN is not set');
const load = Module._load;
let wrapped = null;
Module._load = function (request, ...rest) {
  const loaded = load.call(this, request, ...rest);
  if (request !== '@sentry/node') return loaded;
  if (!wrapped) {
    wrapped = Object.assign({}, loaded, {
      init: (options = {}) => loaded.init({ ...options, dsn }),
    });
  }
  return wrapped;
};
