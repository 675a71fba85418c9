#!/usr/bin/env python3
"""pandas + openpyxl (xlrd for .xls): every sheet of every listed workbook to
CSV, cells as text, the way an analyst would script it. Inputs that fail are
listed in OUT_DIR.failed.

    pandas_dump.py OUT_DIR LIST_OF_PATHS
"""
import os
import sys

import pandas as pd


def main() -> int:
    out, listing = sys.argv[1], sys.argv[2]
    failures = open(out.rstrip("/") + ".failed", "a", encoding="utf-8")
    with open(listing, encoding="utf-8") as f:
        files = [line.strip() for line in f if line.strip()]
    failed = 0
    for i, path in enumerate(files):
        try:
            sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str)
        except Exception as e:  # noqa: BLE001 - a benchmark counts failures, it does not stop
            print(f"pandas_dump: {path}: {e}", file=sys.stderr)
            print(path, file=failures)
            failed += 1
            continue
        for j, frame in enumerate(sheets.values()):
            frame.to_csv(os.path.join(out, f"{i}-{j}.csv"), index=False, header=False)
    print(f"pandas_dump: {len(files)} files, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
