// Integration and e2e tests run against the real Postgres and Kafka broker. scripts/test.sh
// brings them up and migrates the test database; this only refuses a non-test database.
module.exports = async () => {
  const url = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ips_outcomes_test';
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/test/i.test(name))
    throw new Error(`refusing to run tests against database "${name}": its name must contain "test"`);
  process.env.TEST_DATABASE_URL = url;
};
