/**
 * Jest's global setup: the GraphQL IDE's bundle (dist-ide/, issue 14) is built once if it is missing or its sources
 * changed, so that `npm test` on a fresh clone serves the IDE without a separate `npm run build`.
 */
'use strict';
const { main } = require('../../scripts/build-ide');

module.exports = () => main(true);
