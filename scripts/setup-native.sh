#!/usr/bin/env bash
# setup-native.sh: give the kit its fast "tensorflow" backend (@tensorflow/tfjs-node) without the
# downloads that tfjs-node's own install script makes (libtensorflow 2.9.1 from
# storage.googleapis.com answers 403, tensorflow/tfjs#8742; its prebuilt addon is hosted there too).
#
# Instead it takes libtensorflow from the tensorflow-cpu wheel on PyPI (pinned file, pinned
# sha256), stages it where tfjs-node's binding.gyp looks (node_modules/@tensorflow/tfjs-node/deps)
# and compiles the addon with node-gyp against the local Node headers. See scripts/setup-native.md.
#
#   bash scripts/setup-native.sh            # set up; on any failure explain and exit 0
#   bash scripts/setup-native.sh --strict   # same, but exit 1 on failure (CI)
#   bash scripts/setup-native.sh --if-cached
#                                           # never download or npm-install: restore from the
#                                           # cache if it holds everything, else print a hint
#
# Environment:
#   SEQLAB_NATIVE_CACHE  cache folder (default ${XDG_CACHE_HOME:-$HOME/.cache}/seqlab-native)
#   SEQLAB_TF_VERSION    tensorflow-cpu wheel to use: 2.20.0 (default) or 2.21.0
#   SEQLAB_TF_WHEEL      path to an already downloaded copy of that wheel (hash still checked)
#
# Idempotent: when require('@tensorflow/tfjs-node') already works from the repo root it prints
# one line and exits. Nothing is written into the repo except node_modules.
set -uo pipefail

STRICT=0
IF_CACHED=0
for arg in "$@"; do
  case "$arg" in
    --strict) STRICT=1 ;;
    --if-cached) IF_CACHED=1 ;;
    -h|--help) sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup-native: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2
CACHE=${SEQLAB_NATIVE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/seqlab-native}
PKG=$ROOT/node_modules/@tensorflow/tfjs-node
START=$SECONDS
LOG=""
PHASES=7

say() { echo "setup-native: $*"; }
# --if-cached stays quiet through the checks (phases 1-2); it speaks once it restores something.
phase() { if [ "$IF_CACHED" = 0 ] || [ "$1" -gt 2 ]; then say "[$1/$PHASES] $2"; fi; }

# Every failure ends here: explain, point at the log, and (unless --strict) do not fail the caller.
fail() {
  say "FAILED: $1"
  if [ -n "$LOG" ] && [ -s "$LOG" ]; then
    say "last lines of $LOG:"
    tail -n 15 "$LOG" | sed 's/^/    /'
  fi
  say "the kit will run on the wasm/cpu backend instead (slower, but everything works)."
  if [ "$STRICT" = 1 ]; then exit 1; fi
  exit 0
}

TFJS_NODE_VERSION=4.22.0
TF_VERSION=${SEQLAB_TF_VERSION:-2.20.0}
# Pinned wheels (cp311 tag: chosen explicitly below, so the local Python version does not matter).
case "$TF_VERSION" in
  2.20.0)
    TF_WHEEL=tensorflow_cpu-2.20.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
    TF_WHEEL_SHA256=cf756bbe2d256e942ab5d0ad2c858fb40017581494febdb4387c149b1afde780
    TF_PLATFORM=manylinux2014_x86_64
    TF_MIN_GLIBC=2.17
    TF_WHEEL_MB=259
    ;;
  2.21.0)
    TF_WHEEL=tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl
    TF_WHEEL_SHA256=2b847d217b02ee7731ed91431daf3250daa0196c3c94614d23be27232e6e5b6c
    TF_PLATFORM=manylinux_2_27_x86_64
    TF_MIN_GLIBC=2.27
    TF_WHEEL_MB=274
    ;;
  *)
    fail "SEQLAB_TF_VERSION=$TF_VERSION has no pinned wheel in this script (use 2.20.0 or 2.21.0)"
    ;;
esac

# Runs a command with its output sent to the log.
logged() { echo "+ $*" >>"$LOG"; "$@" >>"$LOG" 2>&1; }

# Proves the backend the way the kit will use it: seqlab's own selectBackend (lib/src/backend.ts,
# run with tsx: lib may not be built yet) must choose tensorflow, which means tfjs-node loaded and
# computed a forward op and a gradient right on this Node. Also checks that the @tensorflow/tfjs
# seqlab resolves shares its tfjs-core with tfjs-node, so the backend lands where the kit looks.
# Prints TF_Version=… as its last line.
verify() {
  TF_CPP_MIN_LOG_LEVEL=3 TF_ENABLE_ONEDNN_OPTS=0 SEQLAB_BACKEND=tensorflow "$ROOT/node_modules/.bin/tsx" -e '
    const path = require("path");
    const core = (from) => require.resolve("@tensorflow/tfjs-core",
      { paths: [path.dirname(require.resolve("@tensorflow/tfjs/package.json", { paths: [from] }))] });
    const viaNode = core(path.dirname(require.resolve("@tensorflow/tfjs-node")));
    const viaLib = core(path.resolve("lib"));
    if (viaNode !== viaLib) throw new Error("two copies of @tensorflow/tfjs-core: " + viaNode +
      " and " + viaLib + " (run npm dedupe)");
    require("./lib/src/backend").selectBackend().then(() => {
      const tf = require(require.resolve("@tensorflow/tfjs", { paths: [path.resolve("lib")] }));
      console.log("TF_Version=" + tf.backend().binding.TF_Version);
    }, (error) => { console.error(error.message); process.exit(1); });
  '
}

# What the addon was built with, beside it; scripts/lab.sh starts the kernel with this Node.
record_build() {
  node -e '
    const [file, tf] = process.argv.slice(1);
    const record = { node: process.execPath, nodeVersion: process.version, napi: process.versions.napi, tensorflow: tf };
    require("fs").writeFileSync(file, JSON.stringify(record, null, 1) + "\n");
  ' "$1" "$TF_VERSION"
}

# Fast path: already working, and with the TensorFlow version this script pins.
# The record names this Node from now on: it has just proved the backend.
if [ -f "$PKG/package.json" ] && [ "$(verify 2>/dev/null | tail -n 1)" = "TF_Version=$TF_VERSION" ]; then
  ADDON=$(ls "$PKG"/lib/napi-v*/tfjs_binding.node 2>/dev/null | head -n 1)
  [ -n "$ADDON" ] && record_build "$(dirname "$ADDON")/seqlab-build.json" || fail "cannot record the Node beside the addon"
  say "tensorflow backend already works (@tensorflow/tfjs-node $TFJS_NODE_VERSION, TensorFlow $TF_VERSION, Node $(node --version)); nothing to do"
  exit 0
fi

mkdir -p "$CACHE/logs" || fail "cannot create the cache folder $CACHE"
LOG=$CACHE/logs/setup-$(date +%Y%m%d-%H%M%S)-$$.log
: >"$LOG" || fail "cannot write $LOG"
# Keep the ten newest logs.
find "$CACHE/logs" -name 'setup-*.log' -type f 2>/dev/null | sort | head -n -10 | xargs -r rm -f

# One run at a time per cache (a manual run and an npm postinstall could overlap).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.lock"
  flock -w 900 9 || fail "another setup-native holds $CACHE/.lock"
fi

TF_DIR=$CACHE/tensorflow-cpu-$TF_VERSION      # unpacked libs + headers
WHEEL_PATH=$CACHE/wheels/$TF_WHEEL

# ---------------------------------------------------------------------------------------------
phase 1 "checking platform and tools"
[ "$(uname -s)" = Linux ] || fail "only Linux is supported by this script (found $(uname -s))"
[ "$(uname -m)" = x86_64 ] || fail "only x86_64 is supported by this script (found $(uname -m))"
command -v node >/dev/null 2>&1 || fail "node not found on PATH"
command -v npm >/dev/null 2>&1 || fail "npm not found on PATH"
GLIBC=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
if [ -n "$GLIBC" ] && [ "$(printf '%s\n%s\n' "$TF_MIN_GLIBC" "$GLIBC" | sort -V | head -n1)" != "$TF_MIN_GLIBC" ]; then
  fail "glibc $GLIBC is older than the $TF_MIN_GLIBC the TensorFlow $TF_VERSION wheel needs"
fi
PYTHON=""
for p in python3 python; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys; sys.exit(sys.version_info < (3, 8))' 2>/dev/null; then
    PYTHON=$(command -v "$p"); break
  fi
done
[ -n "$PYTHON" ] || fail "python 3 not found (node-gyp and the wheel unpacking need it)"
command -v make >/dev/null 2>&1 || fail "make not found (install build-essential)"
CXX_BIN=${CXX:-}
[ -n "$CXX_BIN" ] || for c in g++ c++ clang++; do command -v "$c" >/dev/null 2>&1 && { CXX_BIN=$c; break; }; done
[ -n "$CXX_BIN" ] && command -v "${CXX_BIN%% *}" >/dev/null 2>&1 || fail "no C++ compiler found (install build-essential / g++)"
# node-gyp: the one npm runs scripts with, else the one bundled with npm, else one on PATH.
NODE_GYP=""
NPM_CLI_DIR=$(dirname "$(readlink -f "$(command -v npm)")")/..
for g in "${npm_config_node_gyp:-}" "$NPM_CLI_DIR/node_modules/node-gyp/bin/node-gyp.js" \
         "$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"; do
  if [ -n "$g" ] && [ -f "$g" ]; then NODE_GYP=$(readlink -f "$g"); break; fi
done
if [ -z "$NODE_GYP" ] && command -v node-gyp >/dev/null 2>&1; then NODE_GYP=$(readlink -f "$(command -v node-gyp)"); fi
[ -n "$NODE_GYP" ] || fail "node-gyp not found (it normally ships inside npm)"
# Node headers: use a local copy so node-gyp never tries to download them, the running Node's own
# first (npm_config_nodedir may name another Node's, e.g. one a distribution's npmrc sets).
NODEDIR=""
for d in "$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")" "${npm_config_nodedir:-}"; do
  if [ -n "$d" ] && [ -f "$d/include/node/node.h" ] && [ -f "$d/include/node/common.gypi" ]; then NODEDIR=$d; break; fi
done
[ -n "$NODEDIR" ] || say "      (no local Node headers found; node-gyp will try to download them)"

# ---------------------------------------------------------------------------------------------
phase 2 "@tensorflow/tfjs-node $TFJS_NODE_VERSION in node_modules"
installed_version() { node -p 'require("./node_modules/@tensorflow/tfjs-node/package.json").version' 2>/dev/null; }
if [ "$(installed_version)" != "$TFJS_NODE_VERSION" ]; then
  if [ "$IF_CACHED" = 1 ]; then
    say "@tensorflow/tfjs-node is not installed; run: npm run setup:native (kit uses wasm/cpu until then)"
    exit 0
  fi
  # --ignore-scripts: tfjs-node's own install script would try the unreachable download and, as
  # an optional dependency, be removed again by npm when it fails.
  if node -e 'const p=require("./package.json"); process.exit(((p.optionalDependencies||{})["@tensorflow/tfjs-node"]||(p.dependencies||{})["@tensorflow/tfjs-node"]) ? 0 : 1)'; then
    say "      npm install --ignore-scripts (restores the declared @tensorflow/tfjs-node)"
    logged npm install --ignore-scripts --no-audit --no-fund || fail "npm install failed"
  else
    say "      npm install --no-save --ignore-scripts @tensorflow/tfjs-node@$TFJS_NODE_VERSION"
    logged npm install --no-save --ignore-scripts --no-audit --no-fund "@tensorflow/tfjs-node@$TFJS_NODE_VERSION" \
      || fail "npm install @tensorflow/tfjs-node failed"
  fi
  [ "$(installed_version)" = "$TFJS_NODE_VERSION" ] \
    || fail "@tensorflow/tfjs-node $TFJS_NODE_VERSION is still not in node_modules (found: $(installed_version))"
fi

# ---------------------------------------------------------------------------------------------
sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | awk '{print $1}'
  else "$PYTHON" -c 'import hashlib,sys;h=hashlib.sha256();f=open(sys.argv[1],"rb")
for b in iter(lambda:f.read(1<<20),b""): h.update(b)
print(h.hexdigest())' "$1"; fi
}

if [ -f "$TF_DIR/.complete" ]; then
  phase 3 "tensorflow-cpu $TF_VERSION wheel: not needed (unpacked copy cached)"
elif [ -f "$WHEEL_PATH" ]; then
  phase 3 "tensorflow-cpu $TF_VERSION wheel: cached, checking sha256"
  [ "$(sha256_of "$WHEEL_PATH")" = "$TF_WHEEL_SHA256" ] || { rm -f "$WHEEL_PATH"; fail "cached wheel had the wrong sha256 (deleted it; run again)"; }
elif [ -n "${SEQLAB_TF_WHEEL:-}" ]; then
  phase 3 "tensorflow-cpu $TF_VERSION wheel: using SEQLAB_TF_WHEEL=$SEQLAB_TF_WHEEL"
  [ -f "$SEQLAB_TF_WHEEL" ] || fail "SEQLAB_TF_WHEEL=$SEQLAB_TF_WHEEL does not exist"
  [ "$(sha256_of "$SEQLAB_TF_WHEEL")" = "$TF_WHEEL_SHA256" ] || fail "SEQLAB_TF_WHEEL does not have the pinned sha256 $TF_WHEEL_SHA256"
  mkdir -p "$CACHE/wheels" && cp "$SEQLAB_TF_WHEEL" "$WHEEL_PATH.part" && mv "$WHEEL_PATH.part" "$WHEEL_PATH" \
    || fail "cannot copy the wheel into $CACHE/wheels"
elif [ "$IF_CACHED" = 1 ]; then
  say "tensorflow backend not set up; run: npm run setup:native (kit uses wasm/cpu until then)"
  exit 0
else
  phase 3 "tensorflow-cpu $TF_VERSION wheel: downloading from PyPI ($TF_WHEEL_MB MB, pinned sha256)"
  "$PYTHON" -m pip --version >/dev/null 2>&1 || fail "pip not found ($PYTHON -m pip); it is needed to fetch the TensorFlow wheel"
  avail_kb=$(df -Pk "$CACHE" | awk 'NR==2{print $4}')
  [ "${avail_kb:-0}" -gt 2000000 ] || fail "less than 2 GB free in $CACHE (wheel + unpacked libraries need ~1.1 GB)"
  mkdir -p "$CACHE/wheels" "$CACHE/tmp"
  DL=$(mktemp -d "$CACHE/tmp/pip.XXXXXX")
  echo "tensorflow-cpu==$TF_VERSION --hash=sha256:$TF_WHEEL_SHA256" >"$DL/requirements.txt"
  # The platform/ABI flags select the pinned cp311 file whatever the local Python is; pip checks
  # the hash (--require-hashes) and we check it again below.
  logged "$PYTHON" -m pip download --no-deps --no-cache-dir --disable-pip-version-check \
    --only-binary=:all: --platform "$TF_PLATFORM" --python-version 3.11 --implementation cp --abi cp311 \
    --require-hashes -r "$DL/requirements.txt" -d "$DL" \
    || { rm -rf "$DL"; fail "pip download of tensorflow-cpu==$TF_VERSION failed (no network to PyPI?)"; }
  [ -f "$DL/$TF_WHEEL" ] || { rm -rf "$DL"; fail "pip did not produce $TF_WHEEL"; }
  [ "$(sha256_of "$DL/$TF_WHEEL")" = "$TF_WHEEL_SHA256" ] || { rm -rf "$DL"; fail "downloaded wheel has the wrong sha256"; }
  mv "$DL/$TF_WHEEL" "$WHEEL_PATH" && rm -rf "$DL" || fail "cannot move the wheel into $CACHE/wheels"
  rmdir "$CACHE/tmp" 2>/dev/null
fi

# ---------------------------------------------------------------------------------------------
if [ -f "$TF_DIR/.complete" ]; then
  phase 4 "libtensorflow + C headers: cached in $TF_DIR"
else
  phase 4 "unpacking libtensorflow (~780 MB) + C headers into $TF_DIR"
  rm -rf "$TF_DIR.part"
  # Libraries, plus the C API headers and every header they include (#include "..." closure
  # inside the wheel's tensorflow/include, e.g. xla/tsl/c/tsl_status.h, tsl/platform/ctstring.h).
  logged "$PYTHON" - "$WHEEL_PATH" "$TF_DIR.part" <<'PY' || { rm -rf "$TF_DIR.part"; fail "unpacking the wheel failed"; }
import os, re, shutil, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(wheel)
names = set(z.namelist())
os.makedirs(os.path.join(out, "lib"))
for so in ("libtensorflow_cc.so.2", "libtensorflow_framework.so.2"):
    with z.open("tensorflow/" + so) as src, open(os.path.join(out, "lib", so), "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 22)
P = "tensorflow/include/"
todo = ["tensorflow/c/c_api.h", "tensorflow/c/c_api_experimental.h", "tensorflow/c/eager/c_api.h",
        "tensorflow/c/eager/c_api_experimental.h", "tensorflow/c/tf_datatype.h",
        "tensorflow/c/tf_status.h", "tensorflow/c/tf_tensor.h", "tensorflow/c/tf_tstring.h",
        "tensorflow/core/platform/ctstring.h", "tensorflow/core/platform/ctstring_internal.h"]
seen = set()
while todo:
    h = todo.pop()
    if h in seen or P + h not in names:
        continue
    seen.add(h)
    text = z.read(P + h)
    dst = os.path.join(out, "include", h)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with open(dst, "wb") as f:
        f.write(text)
    todo += re.findall(r'^\s*#\s*include\s+"([^"]+)"', text.decode("utf-8", "replace"), re.M)
print("unpacked 2 libraries and %d headers" % len(seen))
PY
  touch "$TF_DIR.part/.complete"
  rm -rf "$TF_DIR" && mv "$TF_DIR.part" "$TF_DIR" || fail "cannot move the unpacked files into $TF_DIR"
fi

# ---------------------------------------------------------------------------------------------
phase 5 "staging libtensorflow into node_modules/@tensorflow/tfjs-node/deps"
for inc in $(grep -ho '#include "tensorflow/[^"]*"' "$PKG"/binding/*.cc "$PKG"/binding/*.h 2>/dev/null | sed 's/#include "\(.*\)"/\1/' | sort -u); do
  [ -f "$TF_DIR/include/$inc" ] || fail "the binding needs $inc, which the cached headers lack (delete $TF_DIR and retry)"
done
rm -rf "${PKG:?}/deps" "${PKG:?}/lib" "${PKG:?}/build"
mkdir -p "$PKG/deps/lib" || fail "cannot write into $PKG"
for so in libtensorflow_cc.so.2 libtensorflow_framework.so.2; do
  # A hard link costs no space and survives the cache being deleted; else copy.
  ln -f "$TF_DIR/lib/$so" "$PKG/deps/lib/$so" 2>/dev/null || cp "$TF_DIR/lib/$so" "$PKG/deps/lib/$so" \
    || fail "cannot copy $so into $PKG/deps/lib (disk full?)"
done
# Link-time names binding.gyp uses (-ltensorflow -ltensorflow_framework); the runtime names come
# from the libraries' SONAMEs (libtensorflow_cc.so.2, libtensorflow_framework.so.2), found via
# the addon's rpath $ORIGIN/../../deps/lib. libtensorflow.so.2.9.1 is the file tfjs-node's
# scripts/install.js checks for: present, it skips its libtensorflow download if it ever runs.
ln -sf libtensorflow_cc.so.2 "$PKG/deps/lib/libtensorflow.so"
ln -sf libtensorflow_framework.so.2 "$PKG/deps/lib/libtensorflow_framework.so"
ln -sf libtensorflow_cc.so.2 "$PKG/deps/lib/libtensorflow.so.2.9.1"
cp -R "$TF_DIR/include" "$PKG/deps/include" || fail "cannot copy the headers into $PKG/deps"

# ---------------------------------------------------------------------------------------------
MODULE_DIR=$(node -e 'const m=require("@mapbox/node-pre-gyp",{paths:[process.argv[1]]});console.log(require("path").dirname(m.find(process.argv[1]+"/package.json")))' "$PKG" 2>>"$LOG") \
  || fail "cannot ask node-pre-gyp where the addon goes"
# The addon is N-API (lib/napi-vN): one build serves every Node with that N-API version.
ADDON_KEY=tfjs-node-$TFJS_NODE_VERSION-tf-$TF_VERSION-$(basename "$MODULE_DIR")-linux-x64
ADDON_CACHE=$CACHE/addons/$ADDON_KEY/tfjs_binding.node
VERIFIED=0
if [ -f "$ADDON_CACHE" ]; then
  phase 6 "addon: cached build $ADDON_KEY"
  mkdir -p "$MODULE_DIR" && cp "$ADDON_CACHE" "$MODULE_DIR/tfjs_binding.node" || fail "cannot copy the cached addon"
  if verify >>"$LOG" 2>&1; then
    VERIFIED=1
  else
    say "      cached addon does not load here; rebuilding"
    rm -f "$ADDON_CACHE" "$MODULE_DIR/tfjs_binding.node"
  fi
fi
if [ ! -f "$MODULE_DIR/tfjs_binding.node" ]; then
  phase 6 "addon: compiling with node-gyp and $CXX_BIN${NODEDIR:+ (Node headers from $NODEDIR/include/node)}"
  PRE_GYP=$(node -p 'require.resolve("@mapbox/node-pre-gyp/bin/node-pre-gyp",{paths:[process.argv[1]]})' "$PKG" 2>>"$LOG") \
    || fail "@mapbox/node-pre-gyp (a tfjs-node dependency) is missing"
  (
    cd "$PKG" || exit 1
    export npm_config_node_gyp=$NODE_GYP
    [ -n "$NODEDIR" ] && export npm_config_nodedir=$NODEDIR
    [ -n "${CXX:-}" ] || export CXX=$CXX_BIN
    echo "+ node $PRE_GYP install --build-from-source (node-gyp $NODE_GYP, nodedir ${NODEDIR:-none})" >>"$LOG"
    node "$PRE_GYP" install --build-from-source --loglevel=warn >>"$LOG" 2>&1
  ) || fail "compiling the tfjs-node addon failed"
  [ -f "$MODULE_DIR/tfjs_binding.node" ] || fail "node-gyp finished but $MODULE_DIR/tfjs_binding.node is missing"
  rm -rf "$PKG/build"
  mkdir -p "$(dirname "$ADDON_CACHE")" && cp "$MODULE_DIR/tfjs_binding.node" "$ADDON_CACHE.part" \
    && mv "$ADDON_CACHE.part" "$ADDON_CACHE" || say "      (could not cache the addon; continuing)"
fi

# ---------------------------------------------------------------------------------------------
phase 7 "checking: seqlab picks tensorflow (a forward op and a gradient right), one shared tfjs-core"
echo "+ verify" >>"$LOG"
[ "$VERIFIED" = 1 ] || verify >>"$LOG" 2>&1 || fail "the built addon does not work"
BUILD_RECORD=$MODULE_DIR/seqlab-build.json
record_build "$BUILD_RECORD" || fail "cannot write $BUILD_RECORD"
say "done in $((SECONDS - START)) s: backend \"tensorflow\" (TensorFlow $TF_VERSION from PyPI, cache $CACHE)"
say "tip: set TF_CPP_MIN_LOG_LEVEL=2 before tfjs-node loads to keep TensorFlow's start-up log quiet"
exit 0
