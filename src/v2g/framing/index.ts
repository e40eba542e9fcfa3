export * from './v2gtp';
export * from './stream';
