// Inputs that break naive analyses, shared by the rule and codemod robustness tests.

// The innermost interval runs per 'message' event: a leak the timer rule reports at any depth.
export const nestedFunctions = (depth: number) => `${'function f() {\n'.repeat(depth)}process.on('message', () => { setInterval(() => {}, 1); });\n${'}\n'.repeat(depth)}`;
export const longChain = (length: number) => `const x = a${'.b()'.repeat(length)};\n`;
export const nestedArrows = (depth: number) => `const f = ${'() => '.repeat(depth)}0;\n`;

export const unusualSyntax = `
@Injectable()
class Service {
  @Inject() private readonly bus!: EventEmitter;
  #secret = 1;
  static #count = 0;
  #tick() { return #secret in this; }
  get on() { return 1; }
  set off(value: number) {}
  accessor state = 0;
  static { Service.#count += 1; }
  async start() {
    await using resource = open();
    using other = open();
    const config = { a: 1 } satisfies Record<string, number>;
    outer: for (const a of list) { inner: for (const b of a) { if (b) continue outer; break inner; } }
    label: { break label; }
    this.bus.on('tick', () => this.#tick());
    setInterval(() => this.#tick(), 1000);
    return <const>['x'];
  }
}
enum Kind { A, B }
declare module 'x' { export const y: number; }
namespace Space { export const z = 1; }
export type { Kind as K };
abstract class Base { abstract close(): void; }
const o = { on() {}, off: () => {}, [Symbol.dispose]() {} };
o.on('x', () => {});
`;

export const jsxNamespaces = `
const view = <svg:rect xlink:href="#a" on:click={() => {}} />;
export function App() {
  useEffect(() => { window.addEventListener('resize', onResize); }, []);
  return <><a.b.c />{view}</>;
}
`;

export const sloppyWith = `
function legacy(scope) {
  with (scope) { setInterval(tick, 10); }
  arguments.callee;
}
`;

/**
 * About `bytes` of TypeScript (5 MB unless told): one clean service and one leaking class per block.
 * The rule test lints a 2 MB one once; the codemod test runs each codemod twice, so it takes
 * 512 KB (still about 850 leaking classes, one file) to keep `npm test` fast.
 */
export function hugeFile(bytes = 5 * 1024 * 1024): { text: string; leakyClasses: number } {
  const block = (n: number) => `
export class Service${n} {
  private readonly cache = new Map<string, number>();
  constructor(private readonly bus: { on(e: string, f: () => void): void; off(e: string, f: () => void): void }) {}
  async start(): Promise<void> {
    const timer = setInterval(() => this.flush(), 1000);
    this.bus.on('flush', this.flush);
    await Promise.resolve(timer);
  }
  flush = (): void => {
    for (const [key, value] of this.cache) if (value > 10) this.cache.delete(key);
  };
  close(): void {
    this.bus.off('flush', this.flush);
  }
}
class Leaky${n} { start() { setInterval(() => this.tick(), 1000); } tick() {} close() {} }
`;
  const parts: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n += 1) {
    parts.push(block(n));
    size += parts.at(-1)!.length;
  }
  return { text: parts.join(''), leakyClasses: parts.length };
}
