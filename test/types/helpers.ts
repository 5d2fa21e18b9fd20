/**
 * Assertions for the type tests. Nothing here runs: `tsc --noEmit` either accepts a file or reports
 * the line whose assertion does not hold.
 */

/**
 * `true` when `A` and `B` are the same type, `false` otherwise. Comparing two deferred conditional
 * types makes the check exact: `any`, `never`, optional and readonly modifiers all count, where a
 * mutual `extends` check would let them slip.
 */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when `T` is `true`: wrap an {@link Equal} (or another check) in it. */
export type Expect<T extends true> = T;

/** `true` when a value of type `A` can be used where `B` is expected. */
export type Assignable<A, B> = [A] extends [B] ? true : false;

/** `true` when `T` is `false`; for stating what must not hold. */
export type Not<T extends boolean> = T extends true ? false : true;
