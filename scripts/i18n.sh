#!/usr/bin/env bash
# Refresh the translation sources from ui/ and compile them. Vietnamese must stay complete:
# tests/ui/test_i18n.py fails on any unfinished entry. Edit resources/i18n/kiosk_vi.ts with
# pyside6-linguist (or any text editor), then run this script again.
set -euo pipefail
cd "$(dirname "$0")/.."
pyside6-lupdate -no-obsolete -locations none $(find ui -name '*.py' | sort) -ts resources/i18n/kiosk_vi.ts
pyside6-lrelease resources/i18n/kiosk_vi.ts -qm resources/i18n/kiosk_vi.qm
