#!/usr/bin/env bash
# The Playwright tests run on Debian's Chromium (Playwright cannot download its own browsers here).
# Install it when it is missing and we may; otherwise say exactly what to do.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
echo "Chromium is not installed; the browser tests need it. Installing Debian's chromium package..."
if [ "$(id -u)" = "0" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
elif command -v sudo >/dev/null 2>&1; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "Cannot install it without root: run 'apt-get install -y chromium', or set CHROMIUM_PATH to a Chromium binary." >&2
  exit 1
fi
