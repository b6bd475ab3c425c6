'use strict';
/**
 * A small closed-loop HTTP load generator (autocannon is not installed here), run as a child
 * process so that neither its event loop nor its CPU time is the server's: `connections`
 * keep-alive clients each send the next request as soon as the previous answer is read, for
 * `durationMs`, after a warm-up. Takes its options as JSON in argv[2]; answers over IPC.
 */
const http = require('node:http');

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const once = (agent, url, headers) =>
  new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.get(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: res.statusCode }));
    });
    req.on('error', reject);
  });

const run = async ({ url, headers, connections, durationMs, warmupMs }) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  let errors = 0;
  const loop = async (until, record) => {
    while (Date.now() < until) {
      const { ms, status } = await once(agent, url, headers);
      if (!record) continue;
      if (status === 200) latencies.push(ms);
      else errors += 1;
    }
  };
  await Promise.all(Array.from({ length: connections }, () => loop(Date.now() + warmupMs, false)));
  const started = Date.now();
  await Promise.all(Array.from({ length: connections }, () => loop(started + durationMs, true)));
  const elapsed = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: Math.round(latencies.length / elapsed),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
};

run(JSON.parse(process.argv[2])).then(
  (result) => process.send(result),
  (error) => process.send({ error: error.message })
);
