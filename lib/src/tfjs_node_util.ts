// The default import is the module object itself (`import * as` would give a read-only copy).
import util from "node:util";

/**
 * The two `node:util` functions that @tensorflow/tfjs-node 4.22 calls on every op
 * (`nodejs_kernel_backend.js`), in the plain form it expects. Node 22 deprecates both (a
 * DeprecationWarning on stderr at the first call: DEP0051, DEP0044); Node 23 removed
 * `isNullOrUndefined`, so on 24 and 26 every op throws "util_1.isNullOrUndefined is not a
 * function". tfjs-node's upstream fix was merged but never released.
 */
const TFJS_NODE_NEEDS = {
  isNullOrUndefined: (value: unknown): value is null | undefined => value === null || value === undefined,
  isArray: (value: unknown): value is unknown[] => Array.isArray(value),
} as const;

/** Node's `util.deprecate` returns a wrapper named "deprecated", which warns when called. */
const DEPRECATION_WRAPPER_NAME = "deprecated";

/**
 * Makes `node:util` serve tfjs-node on this Node: each of the two functions it needs that is
 * missing here, or is Node's deprecation wrapper, is replaced by its plain equivalent. Nothing
 * else is touched, and on Node 20 nothing at all. Returns the names it supplied. Called by
 * {@link selectBackend} before tfjs-node loads.
 */
export function supplyTfjsNodeUtil(): string[] {
  const target = util as unknown as Record<string, unknown>;
  const supplied: string[] = [];
  for (const [name, plain] of Object.entries(TFJS_NODE_NEEDS)) {
    const present = target[name];
    if (typeof present === "function" && present.name !== DEPRECATION_WRAPPER_NAME) continue;
    target[name] = plain;
    supplied.push(name);
  }
  return supplied;
}
