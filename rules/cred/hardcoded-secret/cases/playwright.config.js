// A test runner's config starts the app for end-to-end tests with throwaway settings.
const { defineConfig } = require('@playwright/test');

module.exports = defineConfig({
  webServer: {
    command: 'node app.js',
    env: {
      // ok: cred/hardcoded-secret
      SESSION_SECRET: process.env.SESSION_SECRET || 'e2e_s3ss10n_Secr3t_value',
      // ok: cred/hardcoded-secret
      ADMIN_PASSWORD: 'Wk7#pLq2vX9!mZ',
    },
  },
});
