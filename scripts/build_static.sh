#!/usr/bin/env bash
# Build Hearth's vendored front-end assets. Idempotent: safe to run on every `make`.
#
#  1. `npm ci` when node_modules is missing or package-lock.json changed since the last install.
#  2. Copy the prebuilt GOV.UK Frontend and MOJ Frontend dist files (CSS, JS, fonts, images)
#     into hearth/static/vendor/ (gitignored). Nothing is loaded from a CDN.
#
# The prebuilt CSS refers to its fonts and images as /assets/...; we rewrite those to paths
# relative to the stylesheet, so the files work under any STATIC_URL and with whitenoise's
# manifest storage.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

command -v npm >/dev/null || { echo "npm is required (apt-get install nodejs npm)" >&2; exit 1; }

STAMP="node_modules/.hearth-lock.sha256"
LOCK_SUM="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ ! -d node_modules || ! -f "$STAMP" || "$(cat "$STAMP" 2>/dev/null)" != "$LOCK_SUM" ]]; then
  echo "Installing front-end packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$LOCK_SUM" > "$STAMP"
fi

GOVUK="node_modules/govuk-frontend/dist/govuk"
MOJ="node_modules/@ministryofjustice/frontend/moj"
OUT="hearth/static/vendor"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

mkdir -p "$TMP/govuk" "$TMP/moj"
cp -R "$GOVUK/assets" "$TMP/govuk/assets"
cp "$GOVUK/govuk-frontend.min.js" "$TMP/govuk/"
# Rewrite absolute /assets/ URLs to be relative to the stylesheet; drop the source map link
# (the map is not shipped, and a dangling reference breaks manifest storage).
sed -e 's#url(/assets/#url(assets/#g' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
  "$GOVUK/govuk-frontend.min.css" > "$TMP/govuk/govuk-frontend.min.css"
sed -i -e 's#//\# sourceMappingURL=.*$##' "$TMP/govuk/govuk-frontend.min.js"

cp -R "$MOJ/assets" "$TMP/moj/assets"
sed -e 's#url(/assets/#url(assets/#g' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
  "$MOJ/moj-frontend.min.css" > "$TMP/moj/moj-frontend.min.css"

# Record versions so a glance at the directory tells what is vendored.
node -e 'const p=(n)=>require(n+"/package.json").version;
  console.log(JSON.stringify({"govuk-frontend":p("govuk-frontend"),
  "@ministryofjustice/frontend":p("@ministryofjustice/frontend")}, null, 2))' > "$TMP/VERSIONS.json"

rm -rf "$OUT"
mkdir -p "$(dirname "$OUT")"
mv "$TMP" "$OUT"
chmod -R a+rX "$OUT"
trap - EXIT
echo "GOV.UK Frontend and MOJ Frontend copied to $OUT ($(du -sh "$OUT" | cut -f1))"
