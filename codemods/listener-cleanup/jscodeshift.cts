/**
 * `listener-cleanup` as a jscodeshift transform (docs/codemods/jscodeshift.md):
 *   npx jscodeshift -t node_modules/eslint-plugin-lifeguard/dist/codemods/listener-cleanup/jscodeshift.cjs src
 * It is also the package's `eslint-plugin-lifeguard/codemods/listener-cleanup` export.
 */
import client = require('../../src/codemod/jscodeshift-client.cjs');

export = client.transformerFor('listener-cleanup');
