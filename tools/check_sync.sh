#!/usr/bin/env bash
# Notebooks and package in sync: in a scratch copy of the tracked (and not ignored) files,
# `nbdev_export` and `nbdev_clean` must change nothing, and README.md must match nbs/index.ipynb.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$root"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$tmp"
cd "$tmp"
git init -q && git add -A && git -c user.email=ci@depthclip -c user.name=ci commit -qm base
nbdev_export >/dev/null
nbdev_clean >/dev/null
python tools/make_readme.py >/dev/null
changed=$(git status --porcelain)
if [ -n "$changed" ]; then
  echo "Notebooks and package are NOT in sync; nbdev_export / nbdev_clean / tools/make_readme.py change:"
  echo "$changed"
  echo "Run: nbdev_export && nbdev_clean && python tools/make_readme.py, then commit."
  exit 1
fi
echo "notebooks, package and README are in sync"
