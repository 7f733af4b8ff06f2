#!/usr/bin/env node
// struct.mjs FILE.pdf... [--print]
//
// pdf.js (pdfjs-dist, the legacy build for node) as a second reader of a PDF's structure
// tree. check.py walks the tree down from the StructTreeRoot through /K; pdf.js builds each
// page's tree up from the page's marked content through the ParentTree and /P, as a
// browser's viewer and its screen-reader layer do. Both must see the same facts:
//   - every page has a structure tree (getStructTree() is not null) that reaches content
//     (ISO 14289-1 7.1; ISO 32000-1 14.7.4.4);
//   - every role is a standard PDF 1.7 structure type after the RoleMap (Matterhorn 02-001);
//   - headings H1..H6 start at H1 and never skip a level going down (14-002, 14-003);
//   - every Figure has alt text (13-004), every Formula too (17-002);
//   - tables hold rows, rows hold cells, and each table has TH cells (09-004; pdf.js does
//     not expose the Scope attribute, which check.py checks: 15-003);
//   - text pdf.js extracts is inside marked content: tagged (an MCID the page's tree reaches)
//     or an Artifact (01-005).
// --print writes the tree as an indented outline with each element's text (and alt), the
// way a screen reader would meet it.
// Problems go to stderr as "FILE: [checkpoint] message"; exit 1 if any, 2 if unreadable.

import { getDocument, VerbosityLevel } from "pdfjs-dist/legacy/build/pdf.mjs";

const STANDARD = new Set(`Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct
Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note
Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form`.split(/\s+/));

const args = process.argv.slice(2);
const print = args.includes("--print");
const files = args.filter((a) => !a.startsWith("--"));
if (!files.length) {
  console.error("usage: struct.mjs FILE.pdf... [--print]");
  process.exit(2);
}

let problems = 0;
let file = "";
const bad = (checkpoint, message) => {
  problems++;
  console.error(`${file}: [${checkpoint}] ${message}`);
};

// The text of each marked-content id (e.g. "p9R_mc3") of a page, and the text outside any
// marked content.
async function markedText(page) {
  const content = await page.getTextContent({ includeMarkedContent: true });
  const text = new Map();
  const stack = [];
  const loose = [];
  for (const item of content.items) {
    if (item.type === "beginMarkedContent" || item.type === "beginMarkedContentProps") {
      stack.push(item);
    } else if (item.type === "endMarkedContent") {
      stack.pop();
    } else if (item.str !== undefined && item.str !== "") {
      const tagged = [...stack].reverse().find((m) => m.id);
      const artifact = stack.some((m) => m.tag === "Artifact");
      if (tagged && !artifact) {
        text.set(tagged.id, (text.get(tagged.id) ?? "") + (item.hasEOL ? item.str + " " : item.str));
      } else if (!tagged && !artifact && item.str.trim()) {
        loose.push(item.str.trim().slice(0, 30));
      }
    }
  }
  return { text, loose };
}

let headings = [];
let lines = [];

function walk(node, pageNo, text, reached, depth, parentRole) {
  if (node.type === "content" || node.type === "object" || node.type === "annotation") {
    if (node.id) reached.add(node.id);
    return node.id ? (text.get(node.id) ?? "") : "";
  }
  const role = node.role;
  if (role !== "Root" && !STANDARD.has(role)) {
    bad("02-001", `page ${pageNo}: role ${role} is not a standard structure type (nor role-mapped to one)`);
  }
  if (/^H[1-6]$/.test(role)) headings.push({ level: Number(role[1]), page: pageNo, node });
  if (role === "Figure" && !(node.alt && node.alt.trim())) bad("13-004", `page ${pageNo}: Figure has no alt text`);
  if (role === "Formula" && !(node.alt && node.alt.trim())) bad("17-002", `page ${pageNo}: Formula has no alt text`);
  const kids = node.children ?? [];
  const allowed = { Table: ["THead", "TBody", "TFoot", "TR", "Caption"], THead: ["TR"], TBody: ["TR"], TFoot: ["TR"], TR: ["TH", "TD"] };
  if (allowed[role]) {
    for (const k of kids) {
      if (k.role && !allowed[role].includes(k.role)) bad("09-004", `page ${pageNo}: ${role} holds ${k.role}`);
    }
  }
  if ((role === "TH" || role === "TD") && parentRole !== "TR") bad("09-004", `page ${pageNo}: ${role} outside a TR (in ${parentRole})`);
  if (role === "Table") {
    const hasTH = (n) => n.role === "TH" || (n.children ?? []).some((k) => k.role !== "Table" && hasTH(k));
    if (!hasTH(node)) bad("09-004", `page ${pageNo}: a Table with no TH header cell`);
  }
  const index = lines.length;
  if (print && role !== "Root") lines.push(null);
  const parts = [];
  for (const k of kids) parts.push(walk(k, pageNo, text, reached, depth + 1, role));
  const own = parts.join(" ").replace(/\s+/g, " ").trim();
  node.text = own;
  if (print && role !== "Root") {
    const alt = node.alt ? ` [alt: ${node.alt}]` : "";
    const leaf = !kids.some((k) => k.role);
    lines[index] = `${"  ".repeat(Math.max(depth - 1, 0))}${role}${alt}${leaf && own ? `: ${own}` : ""}`;
  }
  return own;
}

// 'checkFile()' - Every check on one file; O - false when pdf.js cannot read it.
async function checkFile(doc) {
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const tree = await page.getStructTree();
    const { text, loose } = await markedText(page);
    if (loose.length) {
      bad("01-005", `page ${p}: text outside marked content (neither tagged nor an Artifact): ${loose.slice(0, 5).join(" | ")}`);
    }
    if (!tree || !(tree.children ?? []).length) {
      bad("ISO 14289-1 7.1", `page ${p}: pdf.js finds no structure tree for the page (no StructParents/ParentTree path)`);
      continue;
    }
    if (print) lines.push(`-- page ${p}`);
    const reached = new Set();
    walk(tree, p, text, reached, 0, null);
    for (const [id, t] of text) {
      if (!reached.has(id) && t.trim()) {
        bad("01-005", `page ${p}: tagged text "${t.trim().slice(0, 40)}" (${id}) is reached by no structure element`);
      }
    }
  }

  // Headings across the document, in page and tree order.
  let level = 0;
  for (const [i, h] of headings.entries()) {
    if (i === 0 && h.level !== 1) bad("14-002", `page ${h.page}: the first heading is H${h.level}, not H1`);
    else if (i > 0 && h.level > level + 1) bad("14-003", `page ${h.page}: H${h.level} "${(h.node.text ?? "").slice(0, 40)}" follows H${level}`);
    level = h.level;
  }

  if (print) console.log(lines.join("\n"));
}

let unreadable = false;
for (file of files) {
  headings = [];
  lines = [];
  let doc;
  try {
    doc = await getDocument({ url: file, verbosity: VerbosityLevel.ERRORS, isEvalSupported: false }).promise;
  } catch (e) {
    console.error(`${file}: cannot be read by pdf.js: ${e.message}`);
    unreadable = true;
    continue;
  }
  await checkFile(doc);
  await doc.destroy();
}
process.exit(unreadable ? 2 : problems ? 1 : 0);
