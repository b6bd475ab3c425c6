'use strict';
// The harness (test/helpers/strapi.ts) sets a fresh SQLite file in a temp dir for every boot.
module.exports = ({ env }) => ({
  connection: {
    client: 'sqlite',
    connection: { filename: env('DATABASE_FILENAME', '.tmp/data.db') },
    useNullAsDefault: true,
  },
});
