// The domain's public surface: everything other layers (ops, store, server, routes) and outside
// checks may call. Modules are pure TypeScript; decimal.js stays behind money.ts.
export * from './money';
export * from './wire-values';
export * from './op-payloads';
export * from './districts';
export * from './allocation';
export * from './pricing';
export * from './settlement';
export * from './ledger/accounts';
export * from './ledger/journal';
export * from './ledger/postings';
export * from './ledger/book';
export * from './ledger/reports';
export * from './ledger/hledger';
