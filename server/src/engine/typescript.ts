import * as morph from "ts-morph";

/**
 * The compiler API that ts-morph ships, bound once. A bundle reads each export of a bundled
 * CommonJS module through a getter, which costs a call on every use of `ts.*` in hot code.
 */
export import ts = morph.ts;
