#!/usr/bin/env bash
# Runs every notebook with the standard Python tool, `jupyter execute` (nbclient), on the kernel
# spec "tslab" that scripts/lab.sh registers in .venv: the notebooks must pass there too, not
# only in the kit's own runner. Executed copies go to a temporary folder; the notebooks are never
# changed.
#
#   npm run test:nbclient                                 every notebook in notebooks/
#   npm run test:nbclient -- notebooks/02-rnn.ipynb       only these
#
# A notebook fails when a cell fails (nbclient judges by the execute_reply status, which is how
# tslab reports type errors too) or when a code cell did not run. nbclient passes over a cell the
# kernel aborted (tslab aborts every request that arrives within 200 ms of a failed cell, so the
# cell after a `raises-exception` one is aborted), and such a cell still gets an execution count:
# a code cell with committed outputs that prints nothing here counts as not run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jupyter="$root/.venv/bin/jupyter"
python="$root/.venv/bin/python"

if [[ ! -x "$jupyter" || ! -f "$root/.venv/share/jupyter/kernels/tslab/kernel.json" ]]; then
  echo "nbclient-check: JupyterLab and the tslab kernel spec are not set up; run: npm run lab -- --setup-only" >&2
  exit 2
fi

# tslab caches a failed module lookup for the life of a kernel: seqlab must be built first
npx tsc -b lib

notebooks=("$@")
if [[ ${#notebooks[@]} -eq 0 ]]; then
  shopt -s nullglob
  notebooks=(notebooks/*.ipynb)
fi
if [[ ${#notebooks[@]} -eq 0 ]]; then
  echo "nbclient-check: no notebooks to run" >&2
  exit 2
fi

out="$(mktemp -d "${TMPDIR:-/tmp}/nbclient-check.XXXXXX")"
trap 'rm -rf "$out"' EXIT
# Only .venv's kernel specs: a "tslab" spec in ~/.local/share/jupyter would otherwise win.
export JUPYTER_DATA_DIR="$out/jupyter-data"

failed=()
for notebook in "${notebooks[@]}"; do
  name="$(basename "$notebook" .ipynb)"
  executed="$out/$name.ipynb"
  log="$out/$name.log"
  started=$SECONDS
  if "$jupyter" execute --kernel_name=tslab --timeout=600 --startup_timeout=120 \
      "$notebook" --output="$executed" >"$log" 2>&1 \
    && "$python" - "$notebook" "$executed" >>"$log" 2>&1 <<'PY'
import json, sys
committed, executed = (json.load(open(path))["cells"] for path in sys.argv[1:3])
problems = []
for number, (before, after) in enumerate(zip(committed, executed), 1):
    source = "".join(after["source"])
    if after["cell_type"] != "code" or not source.strip() or "skip-execution" in after.get("metadata", {}).get("tags", []):
        continue
    where = f"cell {number} ({source.splitlines()[0][:60]})"
    if after.get("execution_count") is None:
        problems.append(f"{where} did not run")
    elif before.get("outputs") and not after.get("outputs"):
        problems.append(f"{where} printed nothing, though its committed outputs are not empty")
if problems:
    sys.exit("nbclient-check: " + "; ".join(problems) + " (aborted by tslab after a failed cell?)")
PY
  then
    echo "PASS  $notebook  $((SECONDS - started))s"
  else
    echo "FAIL  $notebook  $((SECONDS - started))s"
    # nbclient's report shows the failed cell's source and the kernel's error output
    if grep -q "CellExecutionError:" "$log"; then sed -n '/CellExecutionError:/,$p' "$log"; else tail -n 20 "$log"; fi |
      sed -e 's/^/  /' | head -n 60
    failed+=("$notebook")
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "nbclient-check: ${#failed[@]} of ${#notebooks[@]} notebooks failed under jupyter execute: ${failed[*]}" >&2
  exit 1
fi
echo "nbclient-check: all ${#notebooks[@]} notebooks passed under jupyter execute"
