/** xs:boolean: decoded as 0 or 1 (the vectors' convention); true/false are accepted on encode. */
export type Bool = 0 | 1 | boolean;
/** Integers that may exceed 2^53 (xs:long, xs:unsignedLong, xs:integer): a number, or a decimal string beyond. */
export type BigInteger = number | string;
