const cache = new Map();

export function put(key, value) {
  cache.set(key, value);
}

export function take(key) {
  return cache.get(key);
}
