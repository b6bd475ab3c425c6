'use strict';
// Fallback entry for tools that ignore package.json "exports": the bundled admin.
module.exports = require('./dist/admin');
