/**
 * @module The page of results that the store's list methods return.
 */

/** A page of results; `count` is only computed for the first page (offset 0), as the reference does. */
export interface Page<T> {
  results: T[];
  count: number;
}
