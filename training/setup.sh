#!/usr/bin/env bash
# Installs what training/ needs (Debian packages: torch with OpenBLAS, torchvision, numpy, PIL, regex, jinja2).
# Without libopenblas0-pthread Debian's torch falls back to a reference BLAS about 35x slower. Idempotent; needs
# root (apt-get).
set -euo pipefail
if ! /usr/bin/python3 -c "import torch, torchvision, numpy, PIL, regex, jinja2" 2>/dev/null \
    || ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-torchvision libopenblas0-pthread \
    python3-numpy python3-pil python3-regex python3-jinja2
fi
/usr/bin/python3 -c "import torch, torchvision, numpy, PIL, regex, jinja2; print('training deps ok, torch', torch.__version__)"
