#!/usr/bin/env bash
# Opens the course in JupyterLab with the TypeScript (tslab) kernel.
#
#   npm run lab                    set up what is missing, then start JupyterLab on notebooks/
#   npm run lab -- --setup-only    only set up (node modules, seqlab build, .venv, kernel spec)
#   npm run lab -- --port 8899     any other argument goes to `jupyter lab`
#
# Set-up is idempotent: node modules are installed when missing, JupyterLab is pip-installed into
# the project-local .venv (pinned in scripts/lab-requirements.txt) when missing, and the kernel
# spec "tslab" is (re)written inside .venv so that it points at this checkout's own tslab.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
cd "$root"

step() { printf '\n==> %s\n' "$*"; }
fail() { printf 'lab: %s\n' "$*" >&2; exit 1; }

setup_only=false
lab_args=()
for arg in "$@"; do
  if [[ "$arg" == "--setup-only" ]]; then setup_only=true; else lab_args+=("$arg"); fi
done

command -v node >/dev/null || fail "Node.js is not installed (tested: Node 20, 22, 24, 26)."
command -v python3 >/dev/null || fail "python3 is not installed (JupyterLab needs it)."

if [[ ! -x node_modules/.bin/tslab ]]; then
  step "Installing node modules (npm install)"
  npm install
fi

step "Building seqlab (lib/)"
npx tsc -b lib

if ! "$venv/bin/python" -c "import jupyterlab, plotly, nbclient" 2>/dev/null; then
  step "Installing JupyterLab into .venv (pip, pinned in scripts/lab-requirements.txt)"
  python3 -m venv "$venv" || fail "python3 -m venv failed: on Debian, apt-get install python3-venv"
  "$venv/bin/pip" install --disable-pip-version-check --quiet -r scripts/lab-requirements.txt
fi

# The kernel runs on the Node that set up the native backend (scripts/setup-native.sh records it
# beside the addon), named by absolute path: a kernel on another Node could load another build.
# Without a record (no native backend), the Node in PATH.
path_node="$(readlink -f "$(command -v node)")"
kernel_node="$path_node"
record="$(ls node_modules/@tensorflow/tfjs-node/lib/napi-v*/seqlab-build.json 2>/dev/null | head -n 1 || true)"
if [[ -n "$record" ]]; then
  recorded_node="$(node -p 'require(process.argv[1]).node' "$root/$record")"
  if [[ -x "$recorded_node" ]]; then
    kernel_node="$recorded_node"
  else
    printf 'lab: the native backend was set up with %s, which is gone; the kernel uses %s\n' "$recorded_node" "$path_node" >&2
  fi
fi
kernel_node_version="$("$kernel_node" --version)"
if [[ "$kernel_node" != "$path_node" ]]; then
  printf 'lab: note: the kernel runs on Node %s (%s), the Node the native backend was set up with;\n' "$kernel_node_version" "$kernel_node" >&2
  printf 'lab:       the Node in PATH is %s (%s). To use that one, run: npm run setup:native, then npm run lab\n' "$(node --version)" "$path_node" >&2
fi

step "Registering the TypeScript kernel spec (tslab, Node $kernel_node_version) in .venv"
kernel_dir="$venv/share/jupyter/kernels/tslab"
mkdir -p "$kernel_dir"
cat > "$kernel_dir/kernel.json" <<JSON
{
 "argv": ["$kernel_node", "$root/node_modules/tslab/bin/tslab", "kernel", "--config-path", "{connection_file}"],
 "display_name": "TypeScript",
 "language": "typescript",
 "interrupt_mode": "signal",
 "metadata": { "node_version": "$kernel_node_version" }
}
JSON
"$venv/bin/jupyter" kernelspec list

# The course runs offline: no news feed, no update check (and no prompt asking about them).
settings_dir="$venv/share/jupyter/lab/settings"
mkdir -p "$settings_dir"
cat > "$settings_dir/overrides.json" <<JSON
{
 "@jupyterlab/apputils-extension:notification": { "fetchNews": "false", "checkForUpdates": false }
}
JSON

if $setup_only; then
  step "Set-up done. Start JupyterLab with: npm run lab"
  exit 0
fi

# Containers and CI machines often run as root, which JupyterLab refuses without this flag.
[[ "$(id -u)" == 0 ]] && lab_args+=("--allow-root")

step "Starting JupyterLab on notebooks/ (Ctrl+C stops it)"
exec "$venv/bin/jupyter" lab --notebook-dir="$root/notebooks" "${lab_args[@]}"
