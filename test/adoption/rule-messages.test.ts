import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';

/** Long enough for a realistic name in each placeholder (`this.heartbeat`, `server.listen()`). */
const PLACEHOLDER = 'x'.repeat(12);
/** typescript-eslint's messages run 40–160 characters: the problem and the fix, the details in the rule's doc. */
const BUDGET = 160;

const messages = Object.entries(rules).flatMap(([name, rule]) =>
  Object.entries((rule.meta as { messages: Record<string, string> }).messages).map(([id, text]) => ({ name, id, text })),
);

describe('rule messages read like typescript-eslint’s', () => {
  it('covers every rule', () => {
    expect(new Set(messages.map((message) => message.name))).toEqual(new Set(Object.keys(rules)));
  });

  it.each(messages)('$name/$id: one sentence within the budget, no codemod hint', ({ text }) => {
    const filled = text.replaceAll(/\{\{\s*\w+\s*\}\}/g, PLACEHOLDER);
    expect(filled.length).toBeLessThanOrEqual(BUDGET);
    // The scan's group header and the rule doc name the codemod; the message does not repeat it.
    expect(text).not.toMatch(/npx|fix:/);
    expect(text).toMatch(/^\S.*\.$/);
    expect(text).not.toMatch(/[.!?] [A-Z]/);
  });
});
