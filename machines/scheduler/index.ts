export * from './node-info.js';
export * from './messages.js';
export * from './filter.js';
export * from './score.js';
export * from './cycle.js';
export * from './assumed.js';
