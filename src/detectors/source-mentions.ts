/**
 * A per-file pre-check for detectors that only look at calls of a few method
 * or function names: when the source text cannot spell any of them, the
 * detector can skip the traversal (ESLint then calls none of its visitors,
 * which is most of a cleanup rule's cost on files without listeners or timers).
 */
export interface NameMentions {
  /** False only when no node of the program can carry one of the names. */
  mayMention(text: string): boolean;
}

const IDENTIFIER_NAME = /^[A-Za-z_$][\w$]*$/u;
/** Escapes that do not spell a letter or digit: control characters and punctuation. */
const HARMLESS_ESCAPED_LETTERS = new Set(['b', 'f', 'n', 'r', 't', 'v']);

const cache = new Map<string, NameMentions>();

/**
 * The pre-check for a set of names. A name written out appears in the text as
 * a whole word (an identifier, a property after `.`/`?.`, a quoted key); the
 * only other ways to spell it are escapes (`x['\x6fn']`, `set\u0054imeout`,
 * `'\on'`, line continuations), so a file with an escape that could stand
 * for one of the names' characters is always analysed. Names that are not
 * plain identifiers (a numeric key can be spelled `1e0`) disable the check.
 */
export function nameMentions(names: Iterable<string>): NameMentions {
  const list = [...new Set(names)].sort();
  const key = list.join('\n');
  const cached = cache.get(key);
  if (cached) return cached;
  let result: NameMentions;
  if (list.length === 0 || !list.every((name) => IDENTIFIER_NAME.test(name))) {
    result = { mayMention: () => true };
  } else {
    // Long names as plain substrings (a literal search, the fastest scan); short ones like `on` would
    // match inside most words, so they must stand alone (`\b`; `$` is not a word character).
    const parts = list.map((name) => (name.length < 4 && /^\w+$/u.test(name) ? `\\b${name}\\b` : name.replaceAll('$', '\\$')));
    const letters = [...new Set(list.join(''))].filter((character) => !HARMLESS_ESCAPED_LETTERS.has(character) && character !== '$');
    // `\x..`, `\u....`, octal digits, line continuations, and identity escapes of the names' letters (`'\o'` is 'o').
    parts.push(`\\\\[ux0-7\\r\\n\\u2028\\u2029$${letters.join('')}]`);
    // One regular expression, so a file without any of them is scanned once.
    const pattern = new RegExp(parts.join('|'));
    // Both listener rules (and their rule wrappers) ask about the same file in a row: remember the last answer.
    let lastText: string | null = null;
    let lastAnswer = true;
    result = {
      mayMention(text) {
        if (text !== lastText) {
          lastAnswer = pattern.test(text);
          lastText = text;
        }
        return lastAnswer;
      },
    };
  }
  cache.set(key, result);
  return result;
}
