import tsParser from '@typescript-eslint/parser';
import lifeguard from 'eslint-plugin-lifeguard';

export default [
  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
  lifeguard.configs.recommended,
  // The service starts worker threads, so it also turns on the worker rule, which is not in recommended.
  { rules: { 'lifeguard/require-worker-cleanup': 'error' } },
];
