// Render every math fragment of the given Markdown files with KaTeX (throwOnError: true).
// $$…$$ fragments in display mode, $…$ inline. Prints one line per failure; exit 1 if any.
// Usage: NODE_PATH=.ci/node/node_modules node tests/docs/katex_check.js FILE.md...
"use strict";
const fs = require("fs");
const katex = require("katex");

function fragments(text) {
  const out = [];
  text = text.replace(/<!--[\s\S]*?-->/g, "").replace(/`[^`\n]*`/g, "");
  const parts = text.split("$$");
  if (parts.length % 2 === 0) throw new Error("unbalanced $$");
  parts.forEach((part, n) => {
    if (n % 2 === 1) { out.push({ tex: part, display: true }); return; }
    const re = /(?<!\\)\$([^$]+?)(?<!\\)\$/g;
    let m;
    while ((m = re.exec(part)) !== null) out.push({ tex: m[1], display: false });
  });
  return out;
}

let failures = 0, total = 0;
for (const file of process.argv.slice(2)) {
  let frags;
  try { frags = fragments(fs.readFileSync(file, "utf8")); }
  catch (e) { console.log(`${file}: ${e.message}`); failures++; continue; }
  for (const f of frags) {
    total++;
    try { katex.renderToString(f.tex, { displayMode: f.display, throwOnError: true, strict: "error" }); }
    catch (e) {
      failures++;
      console.log(`${file}: ${f.display ? "display" : "inline"}: ${e.message.split("\n")[0]}`);
    }
  }
}
console.log(`${total} fragments, ${failures} failures`);
process.exit(failures ? 1 : 0);
