#!/usr/bin/env bash
# Lists the TODOs left in {{ app_name }}'s domain files: the places CUSTOMIZATION_GUIDE.md
# asks you to fill. Exits 1 while any remain, so CI can require a finished app.
set -euo pipefail
cd "$(dirname "$0")/.."
if grep -rn --include='*.py' --include='*.sql' --include='*.ts' --include='*.tsx' 'TODO' backend frontend 2>/dev/null; then
    exit 1
fi
echo "No TODOs left."
