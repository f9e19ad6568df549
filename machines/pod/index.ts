export * from './status.js';
export * from './machine.js';
