#!/usr/bin/env bash
# Installs what training/ needs beyond the base image (Debian packages; torch, torchvision, numpy, PIL are
# already there). Idempotent; needs root (apt-get).
set -euo pipefail
if ! /usr/bin/python3 -c "import regex, jinja2" 2>/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-regex python3-jinja2
fi
/usr/bin/python3 -c "import torch, torchvision, numpy, PIL, regex, jinja2; print('training deps ok, torch', torch.__version__)"
