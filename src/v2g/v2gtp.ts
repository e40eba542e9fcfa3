/** Moved to src/v2g/framing/v2gtp.ts; this module keeps the old import path working. */
export * from './framing/v2gtp';
