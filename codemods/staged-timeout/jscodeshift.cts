/**
 * `staged-timeout` as a jscodeshift transform (docs/codemods/jscodeshift.md):
 *   npx jscodeshift -t node_modules/eslint-plugin-lifeguard/dist/codemods/staged-timeout/jscodeshift.cjs src
 * It is also the package's `eslint-plugin-lifeguard/codemods/staged-timeout` export.
 */
import client = require('../../src/codemod/jscodeshift-client.cjs');

export = client.transformerFor('staged-timeout');
