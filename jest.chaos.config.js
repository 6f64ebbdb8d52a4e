/**
 * `npm run test:chaos` (issue 12): subgraphs killed under load, MariaDB restarted under a publish load,
 * generated operations. One file at a time: each loads the machine, and the database restart would break
 * any other file running on the same MariaDB server. `npm test` leaves test/chaos out.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['**/test/chaos/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120000,
  maxWorkers: 1,
};
