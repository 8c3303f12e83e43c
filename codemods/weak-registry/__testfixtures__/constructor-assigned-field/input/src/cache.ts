interface Entry {
  value: string;
}

class Memo {
  private cache: Map<object, Entry>;

  constructor() {
    this.cache = new Map();
  }

  remember(key: object, value: string) {
    this.cache.set(key, { value });
  }

  recall(key: object) {
    return this.cache.get(key)?.value;
  }
}

export default new Memo();
