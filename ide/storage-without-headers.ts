/**
 * What GraphiQL keeps in the browser's storage, without request headers. `shouldPersistHeaders={false}` keeps them
 * out of the tabs, but the history plugin still records each run's headers (a bearer token among them) under
 * graphiql:queries; this storage drops `headers` from every entry it writes there, or under graphiql:favorites.
 */
const WITH_ENTRIES = /^graphiql:(queries|favorites)$/;

function withoutHeaders(value: string): string {
  try {
    const stored = JSON.parse(value) as Record<string, unknown>;
    for (const list of Object.values(stored)) {
      if (!Array.isArray(list)) continue;
      for (const entry of list) if (entry && typeof entry === 'object') delete (entry as { headers?: unknown }).headers;
    }
    return JSON.stringify(stored);
  } catch {
    // Not the shape we know: keep nothing rather than something that may hold a token.
    return JSON.stringify({});
  }
}

export const storageWithoutHeaders: Storage = {
  getItem: (key) => localStorage.getItem(key),
  setItem: (key, value) => localStorage.setItem(key, WITH_ENTRIES.test(key) ? withoutHeaders(value) : value),
  removeItem: (key) => localStorage.removeItem(key),
  clear: () => localStorage.clear(),
  key: (index) => localStorage.key(index),
  get length() {
    return localStorage.length;
  },
};
