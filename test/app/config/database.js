'use strict';
/**
 * SQLite by default: the harness (test/helpers/strapi.ts) sets a fresh file in a temp dir per boot.
 * With NOTIFS_TEST_DB set to a server URL (postgres://postgres@127.0.0.1:5432 or
 * mysql://root@127.0.0.1:3306), the app uses that server and the database named DATABASE_NAME,
 * which the harness creates for each boot.
 */
module.exports = ({ env }) => {
  const server = env('NOTIFS_TEST_DB', '');
  if (!server) {
    return {
      connection: {
        client: 'sqlite',
        connection: { filename: env('DATABASE_FILENAME', '.tmp/data.db') },
        useNullAsDefault: true,
      },
    };
  }
  const url = new URL(server);
  const client = url.protocol.startsWith('postgres') ? 'postgres' : 'mysql';
  return {
    connection: {
      client,
      connection: {
        host: url.hostname,
        port: Number(url.port) || (client === 'postgres' ? 5432 : 3306),
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        database: env('DATABASE_NAME', 'notifs_test'),
      },
      pool: { min: 0, max: 10 },
    },
  };
};
