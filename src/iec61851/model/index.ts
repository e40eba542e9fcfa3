/** The IEC 61851-1 pilot model: pure facts and judgements, no I/O. */
export * from './cp';
export * from './duty';
export * from './pp';
export * from './pwm';
export * from './timing';
export * from './timings';
