import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    // The demo tenants' MigrationWiz accounts name this variable; `npm start` gives it in local mode
    // (bot/runtime.ts), the tests give it here for the files they load without the runtime.
    env: { MIGRATIONWIZ_DEMO_PASSWORD: 'local-simulator' },
  },
});
