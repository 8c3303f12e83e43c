interface Entry {
  value: string;
}

class Memo {
  private cache: WeakMap<object, Entry>;

  constructor() {
    this.cache = new WeakMap();
  }

  remember(key: object, value: string) {
    this.cache.set(key, { value });
  }

  recall(key: object) {
    return this.cache.get(key)?.value;
  }
}

export default new Memo();
