import { defineConfig } from 'vitest/config';
import base from './vitest.config';

/**
 * `npm run test:fast`: the unit and card tests, for the inner loop (about 45 s on two busy cores).
 * Left to `npm test`: tests over HTTP against the whole bot (e2e, multi, fuzz, ops), the browser,
 * build and packaging tests, and the store tests that start a Cosmos DB emulator.
 *
 * The files of a worker share its modules (`isolate: false`): importing botbuilder, teams-ai and the
 * Azure SDKs once per worker instead of once per file is most of the time saved. These tests keep no
 * state between files; `npm test` still runs every file on its own.
 */
export default defineConfig({
  test: {
    ...base.test,
    // Set here rather than merged: a merge would add these to the whole suite's pattern.
    include: ['test/{cards,services,bot,simulator}/**/*.test.ts'],
    isolate: false,
    exclude: [
      'node_modules/**',
      'test/cards/card-width.test.ts',
      'test/services/store/{contract,cosmos-store,cosmos-query}.test.ts',
      'test/services/notices/send-budget-store.test.ts',
    ],
  },
});
