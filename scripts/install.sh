#!/bin/sh
# Installs a released statusgen binary on Linux or macOS:
#
#   curl -fsSL https://github.com/statusgen/statusgen/releases/latest/download/statusgen-installer.sh | sh
#
# Downloads the archive for this machine from the GitHub release, checks it against the
# release's SHA256SUMS (a mismatch or a missing entry stops with nothing installed) and puts
# `statusgen`, its man pages and shell completions under a prefix.
#
# Environment:
#   STATUSGEN_VERSION  release tag to install, e.g. v0.2.0 (default: the latest release)
#   STATUSGEN_PREFIX   where to install (default: ~/.local): PREFIX/bin/statusgen,
#                      PREFIX/share/man/man1/, PREFIX/share/statusgen/completions/
#   STATUSGEN_REPO     owner/name of the repository releasing it (default: statusgen/statusgen)
set -eu

repo="${STATUSGEN_REPO:-statusgen/statusgen}"
version="${STATUSGEN_VERSION:-latest}"
prefix="${STATUSGEN_PREFIX:-$HOME/.local}"

say() { printf 'statusgen installer: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

case "$version" in
  latest) ;;
  v[0-9]*.[0-9]*.[0-9]*) ;;
  *) fail "STATUSGEN_VERSION must be a release tag such as v0.2.0 or \"latest\", not \"$version\"" ;;
esac

os=$(uname -s)
arch=$(uname -m)
case "$os/$arch" in
  Linux/x86_64 | Linux/amd64) target=x86_64-unknown-linux-musl ;;
  Linux/aarch64 | Linux/arm64) target=aarch64-unknown-linux-musl ;;
  Darwin/x86_64) target=x86_64-apple-darwin ;;
  Darwin/arm64 | Darwin/aarch64) target=aarch64-apple-darwin ;;
  *) fail "no release archive for $os/$arch; install from source: cargo install --locked --git https://github.com/$repo statusgen" ;;
esac

if command -v curl >/dev/null 2>&1; then
  fetch() { curl --proto '=https' --tlsv1.2 -fsSL "$1" -o "$2"; }
elif command -v wget >/dev/null 2>&1; then
  fetch() { wget -q --https-only "$1" -O "$2"; }
else
  fail "needs curl or wget"
fi

if command -v sha256sum >/dev/null 2>&1; then
  sha256() { sha256sum "$1" | cut -d' ' -f1; }
elif command -v shasum >/dev/null 2>&1; then
  sha256() { shasum -a 256 "$1" | cut -d' ' -f1; }
else
  fail "needs sha256sum or shasum to check the download"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

if [ "$version" = latest ]; then
  fetch "https://api.github.com/repos/$repo/releases/latest" "$tmp/latest.json" ||
    fail "cannot ask GitHub for the latest release of $repo; set STATUSGEN_VERSION"
  version=$(sed -n 's/^ *"tag_name": *"\(v[0-9][0-9A-Za-z.-]*\)".*/\1/p' "$tmp/latest.json" | head -n 1)
  [ -n "$version" ] || fail "GitHub named no release tag for $repo; set STATUSGEN_VERSION"
fi
base="https://github.com/$repo/releases/download/$version"
name="statusgen-$version-$target"

say "downloading $name.tar.gz ($version)"
fetch "$base/$name.tar.gz" "$tmp/$name.tar.gz" || fail "cannot download $base/$name.tar.gz"
fetch "$base/SHA256SUMS" "$tmp/SHA256SUMS" || fail "cannot download $base/SHA256SUMS"

want=$(awk -v f="$name.tar.gz" '$2 == f || $2 == "*" f { print $1 }' "$tmp/SHA256SUMS")
[ -n "$want" ] || fail "SHA256SUMS has no entry for $name.tar.gz"
got=$(sha256 "$tmp/$name.tar.gz")
[ "$want" = "$got" ] || fail "checksum mismatch for $name.tar.gz (expected $want, got $got); nothing installed"

tar -xzf "$tmp/$name.tar.gz" -C "$tmp"
mkdir -p "$prefix/bin"
cp "$tmp/$name/statusgen" "$prefix/bin/statusgen.tmp"
chmod 755 "$prefix/bin/statusgen.tmp"
mv "$prefix/bin/statusgen.tmp" "$prefix/bin/statusgen"
if [ -d "$tmp/$name/man" ]; then
  mkdir -p "$prefix/share/man/man1"
  cp "$tmp/$name/man/"*.1 "$prefix/share/man/man1/"
fi
if [ -d "$tmp/$name/completions" ]; then
  mkdir -p "$prefix/share/statusgen/completions"
  cp "$tmp/$name/completions/"* "$prefix/share/statusgen/completions/"
fi
say "installed $prefix/bin/statusgen ($version)"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) say "add $prefix/bin to PATH to run it as \`statusgen\`" ;;
esac
say "shell completions are in $prefix/share/statusgen/completions (see \`statusgen completions --help\`)"
