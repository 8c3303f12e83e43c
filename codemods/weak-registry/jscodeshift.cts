/**
 * `weak-registry` as a jscodeshift transform (docs/codemods/jscodeshift.md):
 *   npx jscodeshift -t node_modules/eslint-plugin-lifeguard/dist/codemods/weak-registry/jscodeshift.cjs src
 * It is also the package's `eslint-plugin-lifeguard/codemods/weak-registry` export.
 */
import client = require('../../src/codemod/jscodeshift-client.cjs');

export = client.transformerFor('weak-registry');
