#!/usr/bin/env bash
# Installs code-server (the VS Code workbench served to a browser) and the Debian packages that the
# browser end-to-end tests need, without downloading anything outside the npm registry and Debian.
#
# The install goes to a cache folder outside the repository, keyed by version, and is skipped when
# a completed marker exists there. Set PRIVACY_ZONES_E2E_CACHE to move the cache.
# Prints the code-server executable path as its last line of output.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
CACHE_ROOT="${PRIVACY_ZONES_E2E_CACHE:-$HOME/.cache/privacy-zones-e2e}"
INSTALL_DIR="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION"
MARKER="$INSTALL_DIR/.install-complete"
BIN="$INSTALL_DIR/node_modules/.bin/code-server"
DEBIAN_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium)

log() { printf '[install-code-server] %s\n' "$*" >&2; }
fail() { log "error: $*"; exit 1; }
trap 'fail "command failed (exit $?) at line $LINENO: $BASH_COMMAND"' ERR

# Runs a command as root, through sudo when the current user is not root.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    fail "root is required to run '$*' and sudo is not installed"
  fi
}

install_debian_packages() {
  local missing=() package
  for package in "${DEBIAN_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$package")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "Debian packages already installed: ${DEBIAN_PACKAGES[*]}"
    return
  fi
  log "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}"
}

# Runs one install step in a folder, with its timing.
step() {
  local dir="$1"
  shift
  local started=$SECONDS
  log "in ${dir#"$INSTALL_DIR"/}: $*"
  (cd "$dir" && "$@")
  log "  done in $((SECONDS - started)) s"
}

install_code_server() {
  local vscode_dir="$INSTALL_DIR/node_modules/code-server/lib/vscode"

  # A folder without the marker contains an interrupted install, so it starts again from nothing.
  rm -rf "$INSTALL_DIR"
  mkdir -p "$INSTALL_DIR"
  # A package.json of its own stops npm from walking up into a parent project.
  printf '{ "name": "privacy-zones-e2e-tools", "private": true }\n' >"$INSTALL_DIR/package.json"

  step "$INSTALL_DIR" npm install --no-audit --no-fund --ignore-scripts \
    "code-server@$CODE_SERVER_VERSION"
  step "$INSTALL_DIR" env npm_config_build_from_source=true npm rebuild argon2
  step "$vscode_dir" npm install --no-audit --no-fund --omit=dev --ignore-scripts

  # The @vscode/ripgrep install script downloads rg from GitHub unless bin/ already exists.
  log "linking $vscode_dir/node_modules/@vscode/ripgrep/bin/rg to /usr/bin/rg"
  mkdir -p "$vscode_dir/node_modules/@vscode/ripgrep/bin"
  ln -sfn /usr/bin/rg "$vscode_dir/node_modules/@vscode/ripgrep/bin/rg"

  step "$vscode_dir" env npm_config_yes=true npm rebuild
  ln -sfn node_modules "$vscode_dir/node_modules.asar"
  step "$vscode_dir/extensions" npm install --no-audit --no-fund --omit=dev --ignore-scripts

  [ -x "$BIN" ] || fail "the code-server executable was not found at $BIN after the install"
  # An explicit --config keeps code-server from writing a default config into ~/.config.
  "$BIN" --config "$INSTALL_DIR/config.yaml" --version >&2 || fail "$BIN --version failed"
  date -u +%Y-%m-%dT%H:%M:%SZ >"$MARKER"
}

main() {
  local started=$SECONDS
  install_debian_packages
  [ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing after installing the chromium package"
  [ -x /usr/bin/rg ] || fail "/usr/bin/rg is missing after installing the ripgrep package"

  if [ -f "$MARKER" ] && [ -x "$BIN" ]; then
    log "code-server $CODE_SERVER_VERSION already installed in $INSTALL_DIR (marker from $(cat "$MARKER"))"
  else
    log "installing code-server $CODE_SERVER_VERSION into $INSTALL_DIR"
    install_code_server
  fi
  log "finished in $((SECONDS - started)) s"
  echo "$BIN"
}

main "$@"
