#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through playwright-core (browser downloads are not
# possible here). Installs it when missing, so `npm ci && npm test` works on a fresh Debian
# machine; elsewhere, set CHROMIUM_PATH to an existing Chromium or Chrome binary.
# fonts-noto-cjk makes the Chinese UI legible in the screenshots.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH" >&2
  exit 1
fi
echo "installing chromium (apt-get)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
