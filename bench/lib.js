'use strict';
/** Shared bits of the benchmark scripts. */
const fs = require('node:fs');
const http = require('node:http');

/** A loopback HTTP server that answers 204 to everything and counts requests. */
const startSink = () =>
  new Promise((resolve) => {
    let count = 0;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        count += 1;
        res.writeHead(204).end();
      });
    });
    server.keepAliveTimeout = 60_000;
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}/hook`,
        count: () => count,
        close: () => new Promise((done) => server.close(done)),
      })
    );
  });

/** Seconds since `started` (from process.hrtime.bigint()). */
const secondsSince = (started) => Number(process.hrtime.bigint() - started) / 1e9;

/** The middle value (the upper one of an even count). */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** CPU time of a process (user + system) in clock ticks of 10 ms, from /proc (Linux); 0 once it has ended. */
const cpuTicksOf = (pid) => {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
};

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Makes users-permissions users in one batch; resolves with their ids. */
const createUsers = async (strapi, count, prefix = 'bench') => {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  const ids = [];
  for (let i = 0; i < count; i += 500) {
    const data = Array.from({ length: Math.min(500, count - i) }, (_, j) => ({
      username: `${prefix}${i + j}`,
      email: `${prefix}${i + j}@example.test`,
      provider: 'local',
      confirmed: true,
      role: role.id,
    }));
    await strapi.db.query('plugin::users-permissions.user').createMany({ data });
  }
  // Not createMany's ids: on MySQL it answers with the first id of each batch only.
  const users = await strapi.db.query('plugin::users-permissions.user').findMany({ where: { username: { $startsWith: prefix } }, select: ['id'] });
  ids.push(...users.map((user) => Number(user.id)));
  return ids;
};

const useWal = async (strapi) => {
  await strapi.db.connection.raw('PRAGMA journal_mode = WAL');
  return (await strapi.db.connection.raw('PRAGMA journal_mode'))[0].journal_mode;
};

module.exports = { startSink, secondsSince, median, cpuTicksOf, percentile, createUsers, useWal };
