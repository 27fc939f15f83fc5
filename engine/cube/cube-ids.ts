/** Column ids for plan nodes the cube code adds after binding, above every id a binder hands out. */

// A statement's binder numbers columns from 1; plans of one statement never come near 2^30 ids.
let next = 2 ** 30;

/** A column id unique within any plan it is added to. */
export function freshCid(): number {
  return next++;
}
