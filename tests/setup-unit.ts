// Unit tests run in Node: IndexedDB comes from fake-indexeddb so the store's Dexie code runs
// unchanged.
import 'fake-indexeddb/auto';
