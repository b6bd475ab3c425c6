'use strict';
const { winston } = require('@strapi/logger');

// Quiet by default so test output shows the tests; NOTIFS_TEST_LOG_LEVEL=info to see Strapi talk.
module.exports = {
  transports: [
    new winston.transports.Console({
      level: process.env.NOTIFS_TEST_LOG_LEVEL || 'warn',
      format: winston.format.combine(winston.format.colorize(), winston.format.simple()),
    }),
  ],
};
