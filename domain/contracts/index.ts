export * from './common.js';
export * from './inbound.js';
export * from './outbound.js';
export * from './http.js';
export * from './tasks.js';
