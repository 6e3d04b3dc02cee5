#!/usr/bin/env node
// Which Kafka protocol version kafkajs uses for each API against a given broker, and whether
// the broker accepts it. kafkajs asks the broker for its ApiVersions and then sends, per API,
// min(highest version kafkajs implements, broker's max) — it never looks at the broker's
// *min* version, so an API whose broker minimum rose above kafkajs's highest version (as
// KIP-896 raised several in Kafka 4.0) would fail on first use. This asks the broker the
// same question (ApiVersions v0 over a plain socket) and applies kafkajs's own rule to
// kafkajs's own request table.
//
//   node scripts/dev/kafka-api-versions.js [host:port]     prints a Markdown table
//
// test/messaging/kafka-protocol.int-spec.ts holds the broker the suite runs on to it.
const net = require('node:net');
const { requests } = require('kafkajs/src/protocol/requests');
const apiKeys = require('kafkajs/src/protocol/requests/apiKeys');

/** The broker's ApiVersions answer: apiKey → { min, max }. */
function brokerApiVersions(bootstrap, timeoutMs = 5_000) {
  const [host, port] = bootstrap.split(':');
  const clientId = Buffer.from('ips-api-versions');
  const body = Buffer.alloc(10 + clientId.length);
  let o = body.writeInt16BE(apiKeys.ApiVersions, 0); // api key
  o = body.writeInt16BE(0, o); // version 0: every broker answers it
  o = body.writeInt32BE(1, o); // correlation id
  o = body.writeInt16BE(clientId.length, o);
  clientId.copy(body, o);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), host, () => socket.write(Buffer.concat([size, body])));
    const timer = setTimeout(
      () => socket.destroy(new Error(`no ApiVersions answer from ${bootstrap}`)),
      timeoutMs,
    );
    let buf = Buffer.alloc(0);
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 4 || buf.length < 4 + buf.readInt32BE(0)) return;
      clearTimeout(timer);
      socket.end();
      let p = 8; // size, correlation id
      const errorCode = buf.readInt16BE(p);
      p += 2;
      if (errorCode !== 0) return reject(new Error(`ApiVersions error code ${errorCode}`));
      const n = buf.readInt32BE(p);
      p += 4;
      const versions = new Map();
      for (let i = 0; i < n; i++, p += 6)
        versions.set(buf.readInt16BE(p), { min: buf.readInt16BE(p + 2), max: buf.readInt16BE(p + 4) });
      resolve(versions);
    });
  });
}

/** One row per API kafkajs implements: what it would send to this broker, and whether that is accepted. */
async function negotiate(bootstrap) {
  const broker = await brokerApiVersions(bootstrap);
  const rows = [];
  for (const [name, key] of Object.entries(apiKeys)) {
    const implemented = (requests[name]?.versions ?? []).map(Number);
    if (implemented.length === 0) continue;
    const offered = broker.get(key) ?? null;
    const best = Math.max(...implemented);
    const used = offered ? Math.min(best, offered.max) : null;
    rows.push({
      api: name,
      apiKey: key,
      kafkajs: [Math.min(...implemented), best],
      broker: offered ? [offered.min, offered.max] : null,
      used,
      accepted: offered !== null && used >= offered.min,
    });
  }
  return rows;
}

module.exports = { brokerApiVersions, negotiate };

if (require.main === module) {
  const bootstrap = process.argv[2] ?? '127.0.0.1:9092';
  negotiate(bootstrap).then(
    (rows) => {
      console.log('| API (key) | kafkajs 2.2.4 implements | broker offers | kafkajs sends | accepted |');
      console.log('| --- | --- | --- | --- | --- |');
      for (const r of rows)
        console.log(
          `| ${r.api} (${r.apiKey}) | v${r.kafkajs[0]}–v${r.kafkajs[1]} | ${r.broker ? `v${r.broker[0]}–v${r.broker[1]}` : 'not offered'} | ${r.used === null ? '—' : `v${r.used}`} | ${r.accepted ? 'yes' : '**no**'} |`,
        );
    },
    (err) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
