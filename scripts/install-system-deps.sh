#!/usr/bin/env bash
# Install the Debian packages the kiosk needs, when they are missing:
# Chromium and its driver (browser tests, and the kiosk browser itself),
# espeak-ng and lame (offline speech to MP3), Noto CJK fonts (Hangul),
# EGL/Mesa for off-screen 3D renders, and zbar (tests decode the QR codes).
# With --test also the PostgreSQL server: the Store's tests start one of their
# own (initdb + pg_ctl in a temporary folder); running the kiosk never needs it
# on this machine (it only connects to a database named by KIOSK_DB_URL).
set -euo pipefail

packages=(chromium chromium-driver espeak-ng lame fonts-noto-cjk
          libegl1 libegl-mesa0 libgl1-mesa-dri libxrender1 libzbar0)
if [ "${1:-}" = "--test" ]; then
  packages+=(postgresql)
fi

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
for package in "${packages[@]}"; do
  installed "$package" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "Please install these packages with your system's package manager: ${missing[*]}" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Run as root, or install sudo, to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
