#!/usr/bin/env bash
# Installs the pinned Claude Code CLI (scripts/versions.env) into <repo>/.tools/claude with npm
# and prints the path of its binary on stdout. Does nothing when that version is already there.
#
# The npm package's postinstall copies a native binary out of a platform package
# (@anthropic-ai/claude-code-linux-x64 and friends, optional dependencies served by the npm
# registry), so nothing is downloaded from anywhere else.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=versions.env
source "$repo/scripts/versions.env"
version="${CLAUDE_CODE_VERSION:?CLAUDE_CODE_VERSION missing from scripts/versions.env}"

prefix="$repo/.tools/claude"
bin="$prefix/node_modules/.bin/claude"
package_dir="$prefix/node_modules/@anthropic-ai/claude-code"

installed_version() {
  [[ -f "$package_dir/package.json" ]] || return 0
  node -e 'process.stdout.write(require(process.argv[1]).version)' "$package_dir/package.json"
}

# The binary answers "<version> (Claude Code)"; before the postinstall ran it is only a stub.
binary_works() {
  [[ -x "$bin" ]] && [[ "$("$bin" --version 2>/dev/null)" == "$version "* ]]
}

if [[ "$(installed_version)" == "$version" ]] && binary_works; then
  echo "$bin"
  exit 0
fi

command -v npm >/dev/null || { echo "npm not found: install Node.js and npm first" >&2; exit 1; }
echo "Installing @anthropic-ai/claude-code@$version into $prefix" >&2
mkdir -p "$prefix"
# The package declares engines.node >=22 but runs a native binary, so Node 20's warning is harmless.
npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
  "@anthropic-ai/claude-code@$version" >&2

if ! binary_works; then
  # npm may be configured not to run install scripts; run the package's own postinstall.
  (cd "$package_dir" && node install.cjs) >&2
fi
if ! binary_works; then
  echo "Claude Code $version was installed but $bin does not run" >&2
  exit 1
fi
echo "$bin"
