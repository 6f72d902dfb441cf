#!/usr/bin/env bash
# Install Debian's chromium for the HTML report's browser test (TestBrowser
# in the nested module report/browsertest, which skips without
# /usr/bin/chromium), with fonts for the page to render. Does nothing if
# chromium is installed already.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-liberation >/dev/null
/usr/bin/chromium --version
