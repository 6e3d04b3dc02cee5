// Waits until Kafka answers a metadata request (not just an open port) that lists at least
// <brokers> registered brokers and an active controller.
// Usage: node wait-ready.js <host:port[,host:port…]> <timeoutSeconds> [brokers]
const { Kafka, logLevel } = require('kafkajs');
const [bootstrap = '127.0.0.1:9092', timeoutArg = '60', brokersArg = '1'] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutArg) * 1000;

async function main() {
  for (;;) {
    const admin = new Kafka({
      brokers: bootstrap.split(','),
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      connectionTimeout: 1000,
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length >= Number(brokersArg) && cluster.controller !== null) {
        await admin.disconnect();
        return;
      }
    } catch {
      // not ready yet
    }
    await admin.disconnect().catch(() => undefined);
    if (Date.now() > deadline) throw new Error(`Kafka at ${bootstrap} not ready after ${timeoutArg}s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
main().then(
  () => process.exit(0),
  (err) => {
    console.error(`[kafka] ${err.message}`);
    process.exit(1);
  },
);
