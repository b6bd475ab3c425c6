'use strict';
// Fallback entry for tools that ignore package.json "exports": the compiled server.
module.exports = require('./dist/server');
