import type { TextEdit } from '../../src/codemod/types.js';

/**
 * Everything one fix changes, across files: applied whole or not at all.
 * Plain data (offsets into the original texts), so the ts-morph nodes used to
 * build it can be forgotten before anything is edited.
 */
export interface ChangeSet {
  /** What is fixed, for messages: `'sessions' → WeakRegistry`. */
  readonly title: string;
  /** The file and offset the fix is reported at. */
  readonly anchor: { readonly path: string; readonly offset: number };
  /** Splices per absolute file path, over the original text. */
  readonly edits: ReadonlyMap<string, readonly TextEdit[]>;
  /** Runtime names each file must import (`WeakRegistry`). */
  readonly runtimeNames: ReadonlyMap<string, readonly string[]>;
  /** Notes for the reviewer even when the fix is applied (`.size` → `sizeUpperBound`). */
  readonly notes: readonly Note[];
}

export interface Note {
  readonly path: string;
  readonly offset: number;
  readonly message: string;
}

/** What the analysis of one finding gives: a fix, or the reason there is none. */
export type Outcome = { readonly kind: 'fix'; readonly change: ChangeSet } | { readonly kind: 'refuse'; readonly note: Note };

/** Collects edits per file while a change set is built. */
export class ChangeBuilder {
  readonly #edits = new Map<string, TextEdit[]>();
  readonly #names = new Map<string, string[]>();
  readonly #notes: Note[] = [];

  replace(path: string, start: number, end: number, text: string): this {
    let list = this.#edits.get(path);
    if (!list) this.#edits.set(path, (list = []));
    list.push({ start, end, text });
    return this;
  }

  insert(path: string, offset: number, text: string): this {
    return this.replace(path, offset, offset, text);
  }

  useRuntime(path: string, name: string): this {
    const list = this.#names.get(path) ?? [];
    if (!list.includes(name)) list.push(name);
    this.#names.set(path, list);
    return this;
  }

  note(path: string, offset: number, message: string): this {
    this.#notes.push({ path, offset, message });
    return this;
  }

  build(title: string, anchor: ChangeSet['anchor']): ChangeSet {
    return { title, anchor, edits: this.#edits, runtimeNames: this.#names, notes: this.#notes };
  }
}

export function refuse(path: string, offset: number, message: string): Outcome {
  return { kind: 'refuse', note: { path, offset, message } };
}

/** True when two edit lists over the same file touch overlapping ranges (two fixes fighting over one spot). */
export function overlaps(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  return a.some((x) => b.some((y) => x.start < y.end && y.start < x.end));
}
