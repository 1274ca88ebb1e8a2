#!/bin/sh
# The source fonts of the field font, from Debian's packages (no install):
# BIZ UDGothic 1.05 (fonts-morisawa-bizud-gothic) and Noto Sans CJK JP
# (fonts-noto-cjk), unpacked into /tmp/fieldfont/x for build.py.
set -eu
mkdir -p /tmp/fieldfont && cd /tmp/fieldfont
apt-get download fonts-morisawa-bizud-gothic fonts-noto-cjk
for d in *.deb; do dpkg -x "$d" x; done
ls x/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf x/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
