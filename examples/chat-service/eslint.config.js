import tsParser from '@typescript-eslint/parser';
import lifeguard from 'eslint-plugin-lifeguard';

export default [
  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
  lifeguard.configs.recommended,
  // Rules outside recommended that fit this service: it starts worker threads, awaits its history
  // store at startup, and keeps a registry keyed by connection.
  {
    rules: {
      'lifeguard/require-worker-cleanup': 'error',
      'lifeguard/require-startup-timeout': 'error',
      'lifeguard/no-unpruned-registry': 'error',
    },
  },
];
