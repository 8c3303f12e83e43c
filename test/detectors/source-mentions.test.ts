import { describe, expect, it } from 'vitest';
import { mayRegisterListeners } from '../../src/detectors/listener-registrations.js';
import { nameMentions } from '../../src/detectors/source-mentions.js';
import { mayStartTimers } from '../../src/detectors/timer-cleanup.js';

/**
 * The per-file pre-check lets the cleanup rules skip files that cannot hold a
 * candidate. Skipping a file that does hold one would lose a finding, so every
 * way of spelling a name must keep the file in.
 */
describe('nameMentions', () => {
  it('keeps files that spell a registration method', () => {
    expect(mayRegisterListeners("process.on('SIGTERM', stop);")).toBe(true);
    expect(mayRegisterListeners("emitter?.on('x', f)")).toBe(true);
    expect(mayRegisterListeners("emitter['on']('x', f)")).toBe(true);
    expect(mayRegisterListeners('emitter[`addListener`]("x", f)')).toBe(true);
    expect(mayRegisterListeners('source$.subscribe(next)')).toBe(true);
  });

  it('keeps files that could spell one with an escape', () => {
    expect(mayRegisterListeners("emitter['\\x6fn']('x', f)")).toBe(true);
    expect(mayRegisterListeners("emitter['\\u006fn']('x', f)")).toBe(true);
    expect(mayRegisterListeners("emitter['\\on']('x', f)")).toBe(true);
    expect(mayRegisterListeners("emitter['o\\\nn']('x', f)")).toBe(true);
    expect(mayRegisterListeners('emitter.\\u006fn("x", f)')).toBe(true);
    expect(mayStartTimers("globalThis['set\\u0054imeout'](f, 10)")).toBe(true);
  });

  it('skips files without any of the names', () => {
    expect(mayRegisterListeners("const button = document.querySelector('button');\nconsole.log('done\\n');")).toBe(false);
    expect(mayStartTimers('export const add = (a, b) => a + b;')).toBe(false);
    // `on` inside a longer word is not the method name.
    expect(mayRegisterListeners('function connection() { return condition; }')).toBe(false);
  });

  it('honours extra registration methods', () => {
    expect(mayRegisterListeners('hub.listen("x", f)')).toBe(false);
    expect(mayRegisterListeners('hub.listen("x", f)', ['listen'])).toBe(true);
    expect(mayRegisterListeners('hub.$on("x", f)', ['$on'])).toBe(true);
  });

  it('never skips when a name is not a plain identifier', () => {
    expect(nameMentions(['1']).mayMention('x[1e0](f)')).toBe(true);
  });
});
