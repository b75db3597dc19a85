/** A fixed search key for tests (the index's hashes are keyed with a key derived from it: core/search/search-terms.ts). */
export const TEST_SEARCH_KEY = new TextEncoder().encode('test-search-key-0123456789abcdef-0123456789')

export const testSearchKey = async (): Promise<Uint8Array> => TEST_SEARCH_KEY
