/** The pure domain core: no I/O, no clock, no randomness, so workflows can import all of it. */
export * from './identity.js';
export * from './calendar/index.js';
export * from './jurisdiction.js';
export * from './profiles/index.js';
export * from './risk.js';
export * from './contracts/index.js';
export * from './access.js';
