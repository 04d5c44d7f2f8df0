// https://docs.expo.dev/guides/using-eslint/
const { defineConfig } = require('eslint/config');
const expoConfig = require('eslint-config-expo/flat');

module.exports = defineConfig([
  expoConfig,
  {
    ignores: [
      'dist/*',
      '.expo/*',
      '.cache/*',
      'test-results/*',
      'e2e-results/*',
      'playwright-report/*',
    ],
  },
]);
