import { RuleTester } from '@typescript-eslint/rule-tester';
import * as espree from 'espree';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** Parses as TypeScript (with JSX in `.tsx` files) through @typescript-eslint/parser. */
export const ruleTester = new RuleTester();

/** Plain JavaScript through espree, as ESLint parses `.js` files without a custom parser. */
export const espreeModule = { languageOptions: { parser: espree, sourceType: 'module' as const } };
export const espreeCommonJS = { languageOptions: { parser: espree, sourceType: 'commonjs' as const } };
export const espreeJSX = {
  languageOptions: { parser: espree, sourceType: 'module' as const, parserOptions: { ecmaFeatures: { jsx: true } } },
};
/** TSX through @typescript-eslint/parser. */
export const tsx = { filename: 'component.tsx' };
