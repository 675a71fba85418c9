#!/usr/bin/env node
// SheetJS (npm package `xlsx`): every sheet of every listed workbook to CSV,
// the way a JavaScript user would script it. One node process for all files
// (its fastest use: node starts once). Inputs that fail are listed in
// OUT_DIR.failed. scripts/bench.sh installs the package under its work
// directory and passes that node_modules folder.
//
//   sheetjs_dump.js NODE_MODULES OUT_DIR LIST_OF_PATHS
"use strict";
const fs = require("fs");
const path = require("path");

const [modules, out, listing] = process.argv.slice(2);
const XLSX = require(path.join(modules, "xlsx"));
const files = fs.readFileSync(listing, "utf8").split("\n").filter((l) => l.trim() !== "");
let failed = 0;
files.forEach((file, i) => {
  try {
    const workbook = XLSX.readFile(file, { dense: true });
    workbook.SheetNames.forEach((name, j) => {
      fs.writeFileSync(path.join(out, `${i}-${j}.csv`), XLSX.utils.sheet_to_csv(workbook.Sheets[name]));
    });
  } catch (e) {
    console.error(`sheetjs_dump: ${file}: ${e.message}`);
    fs.appendFileSync(out.replace(/\/+$/, "") + ".failed", file + "\n");
    failed += 1;
  }
});
console.log(`sheetjs_dump: ${files.length} files, ${failed} failed`);
process.exit(failed ? 1 : 0);
