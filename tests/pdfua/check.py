#!/usr/bin/python3
"""check.py FILE.pdf [--json TWIN.json] [--lang en-GB] [--title TITLE] [-q]

Checks a PDF the way a reader of PDF/UA-1 (ISO 14289-1) and PDF/A-3b (ISO 19005-3) would,
with Debian's tools only: python3-pikepdf for the objects and content streams,
python3-fonttools for the embedded font programs, poppler's pdftotext and pdfdetach as a
second opinion on the text and the attachment. There is no veraPDF here; this is not a full
validator, only the rules the contract (SPEC section 5, "PDF properties") and issue 9 name,
each tied to the Matterhorn Protocol 1.1 failure condition or the ISO clause it implements.

Exit 0 when every check passes; otherwise each problem on stderr as
    FILE: [checkpoint] message
and exit 1 (2 for a file that cannot be read at all). Informational notes (the Lang value,
the number of H1s) go to stdout unless -q.

Run it with Debian's python (/usr/bin/python3), which has pikepdf and fontTools.
"""

import argparse
import collections
import datetime
import html
import io
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import pikepdf
from fontTools import agl
from fontTools.ttLib import TTFont


# ---------------------------------------------------------------------------------------------
# Problems and notes

class Report:
    def __init__(self, path, quiet):
        self.path = path
        self.quiet = quiet
        self.problems = []

    def bad(self, checkpoint, message):
        self.problems.append((checkpoint, message))
        print(f"{self.path}: [{checkpoint}] {message}", file=sys.stderr)

    def info(self, message):
        if not self.quiet:
            print(f"{self.path}: info: {message}")


def objkey(obj):
    """A key for an indirect object (its object and generation numbers), or the Python id."""
    try:
        if obj.is_indirect:
            return obj.objgen
    except AttributeError:
        pass
    return ("direct", id(obj))


def name(obj):
    return str(obj) if isinstance(obj, pikepdf.Name) else None


def text_of(obj):
    """A PDF text string as str (pikepdf decodes PDFDocEncoding and UTF-16BE)."""
    if isinstance(obj, pikepdf.String):
        return str(obj)
    return None


def as_list(obj):
    if obj is None:
        return []
    if isinstance(obj, pikepdf.Array):
        return list(obj)
    return [obj]


# ---------------------------------------------------------------------------------------------
# Matrices: (a, b, c, d, e, f) as in ISO 32000-1 8.3.4; mul(m1, m2) applies m1, then m2.

IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def mul(m1, m2):
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2,
            c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def apply(m, x, y):
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


# ---------------------------------------------------------------------------------------------
# Fonts: decoding shown strings to Unicode through /ToUnicode, widths for glyph positions.

def parse_tounicode(data):
    """bfchar and bfrange entries of a ToUnicode CMap -> {code bytes: str} (ISO 32000-1 9.10.3)."""
    out = {}
    text = data.decode("latin-1")
    hexstr = r"<([0-9A-Fa-f\s]*)>"

    def h(s):
        return bytes.fromhex(re.sub(r"\s", "", s))

    def u(s):
        return h(s).decode("utf-16-be", errors="replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(hexstr + r"\s*" + hexstr, block):
            out[h(src)] = u(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, rest in re.findall(hexstr + r"\s*" + hexstr + r"\s*(\[[^\]]*\]|<[0-9A-Fa-f\s]*>)", block):
            lo_b, hi_b = h(lo), h(hi)
            n = len(lo_b)
            lo_i, hi_i = int.from_bytes(lo_b, "big"), int.from_bytes(hi_b, "big")
            if rest.startswith("["):
                dsts = re.findall(hexstr, rest)
                for i, code in enumerate(range(lo_i, hi_i + 1)):
                    if i < len(dsts):
                        out[code.to_bytes(n, "big")] = u(dsts[i])
            else:
                d = h(rest[1:-1])
                base = int.from_bytes(d, "big")
                for i, code in enumerate(range(lo_i, hi_i + 1)):
                    # the last byte of the destination is incremented (9.10.3)
                    v = (base + i).to_bytes(len(d), "big")
                    out[code.to_bytes(n, "big")] = v.decode("utf-16-be", errors="replace")
    return out


# Standard encodings for a simple font without a ToUnicode map (names through the AGL).
def _std_encoding(enc_name):
    if enc_name == "/WinAnsiEncoding":
        table = {}
        for code in range(256):
            try:
                table[code] = agl.UV2AGL.get(ord(bytes([code]).decode("cp1252")))
            except UnicodeDecodeError:
                table[code] = None
        return table
    if enc_name == "/MacRomanEncoding":
        table = {}
        for code in range(256):
            table[code] = agl.UV2AGL.get(ord(bytes([code]).decode("mac_roman")))
        return table
    return {}


class Font:
    """What the checks need of one font dictionary."""

    def __init__(self, fontdict):
        self.dict = fontdict
        self.subtype = name(fontdict.get("/Subtype"))
        self.basefont = str(fontdict.get("/BaseFont", "?"))
        self.type0 = self.subtype == "/Type0"
        self.tounicode = None
        if "/ToUnicode" in fontdict and isinstance(fontdict.ToUnicode, pikepdf.Stream):
            self.tounicode = parse_tounicode(fontdict.ToUnicode.read_bytes())
        self.descriptor = None
        if self.type0:
            desc = as_list(fontdict.get("/DescendantFonts"))
            self.cidfont = desc[0] if desc else None
            if self.cidfont is not None:
                self.descriptor = self.cidfont.get("/FontDescriptor")
        else:
            self.descriptor = fontdict.get("/FontDescriptor")
        # glyph names of the simple font's encoding: base encoding, then Differences
        self.encoding = {}
        self.differences = {}
        enc = fontdict.get("/Encoding")
        if not self.type0:
            if isinstance(enc, pikepdf.Name):
                self.encoding = _std_encoding(str(enc))
            elif isinstance(enc, pikepdf.Dictionary):
                self.encoding = _std_encoding(name(enc.get("/BaseEncoding")) or "")
                code = 0
                for item in as_list(enc.get("/Differences")):
                    if isinstance(item, pikepdf.Name):
                        self.differences[code] = str(item)[1:]
                        self.encoding[code] = str(item)[1:]
                        code += 1
                    else:
                        code = int(item)
        # widths (glyph space units per 1000)
        self.first = int(fontdict.get("/FirstChar", 0))
        self.widths = [float(w) for w in as_list(fontdict.get("/Widths"))]
        self.missing = float(self.descriptor.get("/MissingWidth", 0)) if self.descriptor is not None else 0.0
        self.cidwidths = {}
        self.dw = 1000.0
        if self.type0 and self.cidfont is not None:
            self.dw = float(self.cidfont.get("/DW", 1000))
            w = as_list(self.cidfont.get("/W"))
            i = 0
            while i < len(w):
                start = int(w[i])
                if i + 1 < len(w) and isinstance(w[i + 1], pikepdf.Array):
                    for k, v in enumerate(w[i + 1]):
                        self.cidwidths[start + k] = float(v)
                    i += 2
                elif i + 2 < len(w):
                    for cid in range(start, int(w[i + 1]) + 1):
                        self.cidwidths[cid] = float(w[i + 2])
                    i += 3
                else:
                    break
        self.ascent = 0.6
        self.descent = -0.1

    def codes(self, data):
        """Split a shown string into character codes (2 bytes for Type0 Identity, else 1)."""
        if self.type0:
            return [data[i:i + 2] for i in range(0, len(data) - 1, 2)]
        return [data[i:i + 1] for i in range(len(data))]

    def unicode(self, code):
        """The Unicode text of one code, or None when it cannot be mapped (Matterhorn 10-001)."""
        if self.tounicode is not None and code in self.tounicode:
            return self.tounicode[code]
        if not self.type0:
            gname = self.encoding.get(code[0])
            if gname:
                try:
                    return agl.toUnicode(gname) or None
                except Exception:
                    return None
        return None

    def width(self, code):
        if self.type0:
            cid = int.from_bytes(code, "big")
            return self.cidwidths.get(cid, self.dw)
        c = code[0]
        if self.first <= c < self.first + len(self.widths):
            return self.widths[c - self.first]
        return self.missing


# ---------------------------------------------------------------------------------------------
# The content walk: every page's content stream and the form XObjects it paints, with the
# marked-content nesting, the graphics state (CTM) and the text state (Tm, Tf, Tc, Tw, Tz, TL,
# Ts) tracked, so that every painted thing is known with its marked-content context and every
# glyph with its position on the page.

TEXT_OPS = {"Tj", "TJ", "'", '"'}
PAINT_OPS = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}

Run = collections.namedtuple("Run", "text x0 y0 x1 y1 size x_end baseline")
# One painted thing: kind is text, path, shading, image; owner the (page or form) whose MCIDs
# it uses; mcid the innermost MCID (or None); artifact True inside /Artifact.
Item = collections.namedtuple("Item", "page kind owner mcid artifact runs")


class Walker:
    def __init__(self, pdf, report):
        self.pdf = pdf
        self.r = report
        self.fonts = {}
        self.items = []              # every painted Item, all pages
        self.mcids = collections.defaultdict(set)    # owner -> MCIDs seen in content
        self.owner_page = {}         # owner -> page index
        self.form_struct_parents = {}  # form owner -> StructParents
        self.form_uses = collections.Counter()
        self.fonts_used = {}         # font key -> (Font, set of codes shown)
        self.cmyk_used = False
        self.untagged = {}           # where -> [Counter of kinds, examples]

    def report_untagged(self):
        for where, (kinds, examples) in self.untagged.items():
            what = " and ".join(f"{n} {k}" for k, n in kinds.items())
            self.r.bad("01-005", f"{where}: {what} operation(s) neither tagged (no MCID) nor an Artifact"
                       + (", e.g. " + ", ".join(examples) if examples else ""))

    def font(self, fontobj):
        key = objkey(fontobj)
        if key not in self.fonts:
            self.fonts[key] = Font(fontobj)
        return self.fonts[key]

    def walk_page(self, index, page):
        owner = ("page", index)
        self.owner_page[owner] = index
        try:
            instructions = pikepdf.parse_content_stream(page)
        except pikepdf.PdfError as e:
            self.r.bad("ISO 32000-1 7.8.2", f"page {index + 1}: content stream cannot be parsed: {e}")
            return
        self.walk(instructions, page.get("/Resources", pikepdf.Dictionary()), IDENTITY, [],
                  owner, index, f"page {index + 1}")

    def walk(self, instructions, resources, ctm, outer_stack, owner, page, where):
        """Walk one content stream. outer_stack is the marked-content nesting the stream
        inherits (a form XObject painted inside a BDC belongs to that sequence)."""
        stack = []                   # this stream's own BMC/BDC: (tag, mcid, artifact)
        gstack = []
        gs = {"ctm": ctm, "font": None, "size": 0.0, "tc": 0.0, "tw": 0.0, "th": 1.0,
              "tl": 0.0, "rise": 0.0}
        tm = tlm = IDENTITY
        fonts = resources.get("/Font", pikepdf.Dictionary())
        xobjects = resources.get("/XObject", pikepdf.Dictionary())
        properties = resources.get("/Properties", pikepdf.Dictionary())

        def context():
            """(mcid, artifact) of the innermost sequences, outer stream's included."""
            mcid = None
            artifact = False
            for tag, m, art in outer_stack + stack:
                if art:
                    artifact = True
                if m is not None:
                    mcid = m
            return mcid, artifact

        def painted(kind, runs=()):
            mcid, artifact = context()
            self.items.append(Item(page, kind, owner, mcid, artifact, list(runs)))
            if mcid is None and not artifact:
                # Matterhorn 01-005 (ISO 14289-1 7.1): content neither tagged nor an artifact
                # (counted here, reported once per page by report_untagged)
                u = self.untagged.setdefault(where, [collections.Counter(), []])
                u[0][kind] += 1
                if runs and len(u[1]) < 3:
                    u[1].append('"' + "".join(r.text for r in runs)[:30] + '"')

        def show(data):
            nonlocal tm
            f = gs["font"]
            if f is None:
                self.r.bad("ISO 32000-1 9.3.1", f"{where}: text shown with no font set")
                return []
            key = objkey(f.dict)
            self.fonts_used.setdefault(key, (f, set()))
            size, th = gs["size"], gs["th"]
            runs = []
            chars = []
            start = None
            for code in f.codes(data):
                self.fonts_used[key][1].add(code)
                trm = mul(mul((size * th, 0, 0, size, 0, gs["rise"]), tm), gs["ctm"])
                x, y = apply(trm, 0, 0)
                w = f.width(code) / 1000.0
                tx = (w * size + gs["tc"] + (gs["tw"] if (not f.type0 and code == b" ") else 0.0)) * th
                u = f.unicode(code)
                if u is None:
                    # Matterhorn 10-001 (ISO 14289-1 7.21.7): a code that maps to no Unicode
                    self.r.bad("10-001", f"{where}: code {code.hex()} of font {f.basefont} has no Unicode mapping")
                    u = "\ufffd"
                x_end, _ = apply(trm, w, 0) if size else (x, y)
                # the glyph's core box: baseline -0.1 em to +0.6 em, origin to advance
                _, ylo = apply(trm, 0, -0.1)
                _, yhi = apply(trm, 0, 0.6)
                chars.append((u, x, min(ylo, yhi), x_end, max(ylo, yhi), y))
                tm = mul((1, 0, 0, 1, tx, 0), tm)
            if chars:
                em = abs(apply(mul((size * th, 0, 0, size, 0, 0), mul(tm, gs["ctm"])), 0, 1)[1] -
                         apply(mul((size * th, 0, 0, size, 0, 0), mul(tm, gs["ctm"])), 0, 0)[1]) or size
                runs.append(Run("".join(c[0] for c in chars),
                                min(c[1] for c in chars), min(c[2] for c in chars),
                                max(c[3] for c in chars), max(c[4] for c in chars),
                                em, chars[-1][3], chars[0][5]))
            return runs

        for ins in instructions:
            if isinstance(ins, pikepdf.ContentStreamInlineImage):
                painted("inline image")
                continue
            ops, op = ins.operands, str(ins.operator)
            if op == "q":
                gstack.append(dict(gs))
            elif op == "Q":
                if gstack:
                    gs = gstack.pop()
            elif op == "cm":
                gs["ctm"] = mul(tuple(float(v) for v in ops), gs["ctm"])
            elif op in ("k", "K"):
                self.cmyk_used = True
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "Tf":
                fobj = fonts.get(ops[0]) if isinstance(fonts, pikepdf.Dictionary) else None
                gs["font"] = self.font(fobj) if fobj is not None else None
                gs["size"] = float(ops[1])
                if fobj is None:
                    self.r.bad("ISO 32000-1 9.2.2", f"{where}: font {ops[0]} is not in the resources")
            elif op == "Tc":
                gs["tc"] = float(ops[0])
            elif op == "Tw":
                gs["tw"] = float(ops[0])
            elif op == "Tz":
                gs["th"] = float(ops[0]) / 100.0
            elif op == "TL":
                gs["tl"] = float(ops[0])
            elif op == "Ts":
                gs["rise"] = float(ops[0])
            elif op in ("Td", "TD"):
                tx, ty = float(ops[0]), float(ops[1])
                if op == "TD":
                    gs["tl"] = -ty
                tlm = mul((1, 0, 0, 1, tx, ty), tlm)
                tm = tlm
            elif op == "Tm":
                tlm = tm = tuple(float(v) for v in ops)
            elif op == "T*":
                tlm = mul((1, 0, 0, 1, 0, -gs["tl"]), tlm)
                tm = tlm
            elif op in TEXT_OPS:
                if op == "'" or op == '"':
                    if op == '"':
                        gs["tw"], gs["tc"] = float(ops[0]), float(ops[1])
                    tlm = mul((1, 0, 0, 1, 0, -gs["tl"]), tlm)
                    tm = tlm
                    runs = show(bytes(ops[-1]))
                elif op == "Tj":
                    runs = show(bytes(ops[0]))
                else:
                    runs = []
                    for el in ops[0]:
                        if isinstance(el, pikepdf.String):
                            runs += show(bytes(el))
                        else:
                            adj = float(el) / 1000.0 * gs["size"] * gs["th"]
                            tm = mul((1, 0, 0, 1, -adj, 0), tm)
                painted("text", runs)
            elif op in PAINT_OPS:
                painted("path")
            elif op == "sh":
                painted("shading")
            elif op == "Do":
                xo = xobjects.get(ops[0]) if isinstance(xobjects, pikepdf.Dictionary) else None
                if xo is None:
                    self.r.bad("ISO 32000-1 8.8", f"{where}: XObject {ops[0]} is not in the resources")
                    continue
                sub = name(xo.get("/Subtype"))
                if sub == "/Image":
                    painted("image")
                elif sub == "/Form":
                    self.walk_form(xo, gs["ctm"], outer_stack + stack, page, where)
            elif op == "BMC" or op == "BDC":
                tag = str(ops[0])
                mcid = None
                if op == "BDC":
                    props = ops[1]
                    if isinstance(props, pikepdf.Name):
                        props = properties.get(props) if isinstance(properties, pikepdf.Dictionary) else None
                    if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                        mcid = int(props.MCID)
                artifact = tag == "/Artifact"
                outer_mcid, outer_art = context()
                if artifact and outer_mcid is not None:
                    # Matterhorn 01-003 (ISO 14289-1 7.1): an Artifact inside tagged content
                    self.r.bad("01-003", f"{where}: Artifact inside tagged content (MCID {outer_mcid})")
                if mcid is not None and outer_art:
                    # Matterhorn 01-004 (ISO 14289-1 7.1): tagged content inside an Artifact
                    self.r.bad("01-004", f"{where}: MCID {mcid} inside an Artifact")
                if mcid is not None and outer_mcid is not None:
                    # ISO 32000-1 14.7.4.2: a content item belongs to one structure element
                    self.r.bad("ISO 32000-1 14.7.4.2", f"{where}: MCID {mcid} nested inside MCID {outer_mcid}")
                if mcid is not None:
                    if mcid in self.mcids[owner]:
                        self.r.bad("ISO 32000-1 14.7.4.2", f"{where}: MCID {mcid} used twice in one content stream")
                    self.mcids[owner].add(mcid)
                stack.append((tag, mcid, artifact))
            elif op == "EMC":
                if not stack:
                    # ISO 32000-1 14.6: EMC without a BMC/BDC in the same stream
                    self.r.bad("ISO 32000-1 14.6", f"{where}: EMC without a matching BMC/BDC")
                else:
                    stack.pop()
        if stack:
            # ISO 32000-1 14.6: a sequence shall end in the stream it began in
            self.r.bad("ISO 32000-1 14.6", f"{where}: {len(stack)} BMC/BDC not closed by EMC at the end of the stream")

    def walk_form(self, xo, ctm, outer_stack, page, where):
        key = objkey(xo)
        owner = ("stream", key)
        self.owner_page.setdefault(owner, page)
        self.form_uses[owner] += 1
        if "/StructParents" in xo:
            self.form_struct_parents[owner] = int(xo.StructParents)
        matrix = tuple(float(v) for v in xo.get("/Matrix", [1, 0, 0, 1, 0, 0]))
        try:
            instructions = pikepdf.parse_content_stream(xo)
        except pikepdf.PdfError as e:
            self.r.bad("ISO 32000-1 7.8.2", f"{where}: form XObject cannot be parsed: {e}")
            return
        resources = xo.get("/Resources", pikepdf.Dictionary())
        self.walk(instructions, resources, mul(matrix, ctm), outer_stack, owner, page,
                  f"{where} form {key[0]}")


# ---------------------------------------------------------------------------------------------
# The structure tree (ISO 32000-1 14.7, 14.8)

STANDARD_TYPES = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct
Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note
Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form""".split())


class Elem:
    def __init__(self, obj, stype, parent, depth):
        self.obj = obj
        self.raw = stype             # /S as written
        self.type = stype            # after the RoleMap
        self.parent = parent
        self.depth = depth
        self.kids = []               # Elem, or ("mcr", owner, mcid), or ("objr", obj)

    def label(self):
        return f"{self.type}" + (f" ({self.raw})" if self.raw != self.type else "")


def number_tree(node, out, seen=None):
    """Every key -> value of a number tree (ISO 32000-1 7.9.7): /Nums, and /Kids nested."""
    seen = seen if seen is not None else set()
    if objkey(node) in seen:
        return out
    seen.add(objkey(node))
    nums = as_list(node.get("/Nums"))
    for i in range(0, len(nums) - 1, 2):
        out[int(nums[i])] = nums[i + 1]
    for kid in as_list(node.get("/Kids")):
        number_tree(kid, out, seen)
    return out


def name_tree(node, out, seen=None):
    """Every key -> value of a name tree (ISO 32000-1 7.9.6)."""
    seen = seen if seen is not None else set()
    if objkey(node) in seen:
        return out
    seen.add(objkey(node))
    names = as_list(node.get("/Names"))
    for i in range(0, len(names) - 1, 2):
        out.append((text_of(names[i]) or str(names[i]), names[i + 1]))
    for kid in as_list(node.get("/Kids")):
        name_tree(kid, out, seen)
    return out


class Tree:
    def __init__(self, pdf, report, page_index):
        self.pdf = pdf
        self.r = report
        self.page_index = page_index   # page objgen -> index
        self.root = pdf.Root.get("/StructTreeRoot")
        self.rolemap = {}
        self.elems = []                # every element, document (depth-first) order
        self.top = []
        self.refs = collections.defaultdict(list)   # (owner, mcid) -> [Elem]
        if self.root is None:
            return
        rm = self.root.get("/RoleMap")
        if isinstance(rm, pikepdf.Dictionary):
            for k in rm.keys():
                self.rolemap[k[1:]] = str(rm[k])[1:] if isinstance(rm[k], pikepdf.Name) else None
        seen = set()
        for kid in as_list(self.root.get("/K")):
            if isinstance(kid, pikepdf.Dictionary):
                e = self.build(kid, None, 0, None, seen)
                if e:
                    self.top.append(e)

    def map_role(self, stype):
        """The standard type a type maps to through the RoleMap (Matterhorn 02-001, 02-003,
        02-004; ISO 14289-1 7.1, ISO 32000-1 14.8.1)."""
        t = stype
        chain = [t]
        while t not in STANDARD_TYPES:
            nxt = self.rolemap.get(t)
            if nxt is None:
                return None, chain
            if nxt in chain:
                return "circular", chain + [nxt]
            chain.append(nxt)
            t = nxt
        return t, chain

    def build(self, obj, parent, depth, page, seen):
        key = objkey(obj)
        if key in seen:
            self.r.bad("ISO 32000-1 14.7.2", f"structure element {key[0]} is reached twice (a cycle or a shared kid)")
            return None
        seen.add(key)
        s = name(obj.get("/S"))
        if s is None:
            self.r.bad("ISO 32000-1 14.7.2", f"structure element {key[0]} has no /S")
            s = "/?"
        e = Elem(obj, s[1:], parent, depth)
        self.elems.append(e)
        pg = obj.get("/Pg", None)
        if pg is not None:
            page = pg
        for kid in as_list(obj.get("/K")):
            if isinstance(kid, int):
                self.add_mcr(e, page, None, int(kid))
            elif isinstance(kid, pikepdf.Dictionary):
                t = name(kid.get("/Type"))
                if t == "/MCR":
                    self.add_mcr(e, kid.get("/Pg", page), kid.get("/Stm"), int(kid.get("/MCID", -1)))
                elif t == "/OBJR":
                    e.kids.append(("objr", kid.get("/Obj")))
                else:
                    if "/P" in kid and objkey(kid.P) != key:
                        self.r.bad("ISO 32000-1 14.7.2",
                                   f"{name(kid.get('/S'))} element's /P is not its parent {s}")
                    c = self.build(kid, e, depth + 1, page, seen)
                    if c:
                        e.kids.append(c)
            else:
                try:
                    self.add_mcr(e, page, None, int(kid))
                except (TypeError, ValueError):
                    self.r.bad("ISO 32000-1 14.7.2", f"{s[1:]} element has a kid that is neither an element, an MCID, an MCR nor an OBJR")
        return e

    def add_mcr(self, e, page, stm, mcid):
        if stm is not None:
            owner = ("stream", objkey(stm))
        elif page is not None and objkey(page) in self.page_index:
            owner = ("page", self.page_index[objkey(page)])
        else:
            self.r.bad("ISO 32000-1 14.7.4.2", f"{e.raw} element refers to MCID {mcid} with no page (/Pg)")
            return
        e.kids.append(("mcr", owner, mcid))
        self.refs[(owner, mcid)].append(e)


# ---------------------------------------------------------------------------------------------
# The checks. Each takes the Context and reports through ctx.r.

class Context:
    def __init__(self, path, args, report):
        self.path = path
        self.args = args
        self.r = report
        self.pdf = pikepdf.open(path)
        self.pages = list(self.pdf.pages)
        self.page_index = {objkey(p.obj): i for i, p in enumerate(self.pages)}
        self.walker = Walker(self.pdf, report)
        for i, p in enumerate(self.pages):
            self.walker.walk_page(i, p.obj)
        self.walker.report_untagged()
        self.tree = Tree(self.pdf, report, self.page_index)
        self.xmp = None


def check_catalog(ctx):
    """Catalog entries of a tagged PDF/UA document."""
    root, r = ctx.pdf.Root, ctx.r
    # ISO 14289-1 7.1 and ISO 32000-1 14.7.2: a structure tree
    if "/StructTreeRoot" not in root:
        r.bad("ISO 14289-1 7.1", "catalog has no /StructTreeRoot: the document is not tagged")
    # ISO 14289-1 7.1, ISO 32000-1 14.7.1: MarkInfo << /Marked true >>
    mark = root.get("/MarkInfo")
    if not isinstance(mark, pikepdf.Dictionary) or mark.get("/Marked") is not True:
        r.bad("ISO 14289-1 7.1", "catalog has no /MarkInfo << /Marked true >>")
    elif mark.get("/Suspects") is True:
        # Matterhorn 01-007: Suspects true
        r.bad("01-007", "/MarkInfo /Suspects is true")
    # Matterhorn 07-001 / 07-002 (ISO 14289-1 7.1): DisplayDocTitle true
    vp = root.get("/ViewerPreferences")
    if not isinstance(vp, pikepdf.Dictionary) or "/DisplayDocTitle" not in vp:
        r.bad("07-001", "catalog /ViewerPreferences has no /DisplayDocTitle")
    elif vp.DisplayDocTitle is not True:
        r.bad("07-002", "catalog /ViewerPreferences /DisplayDocTitle is not true")
    # Matterhorn 11-001 / 11-006 (ISO 14289-1 7.2, ISO 32000-1 14.9.2): the natural language
    lang = text_of(root.get("/Lang"))
    if not lang:
        r.bad("11-001", "catalog has no /Lang: the language of the text cannot be determined")
    else:
        r.info(f"Lang {lang}")
        if ctx.args.lang and lang != ctx.args.lang:
            r.bad("11-001", f"catalog /Lang is {lang!r}, expected {ctx.args.lang!r}")
    # Matterhorn 06-001 (ISO 14289-1 7.1; ISO 19005-3 6.6.2.1): an XMP metadata stream
    if not isinstance(root.get("/Metadata"), pikepdf.Stream):
        r.bad("06-001", "catalog has no /Metadata XMP stream")


def check_pages(ctx):
    """Every page: /Tabs /S and /StructParents."""
    for i, p in enumerate(ctx.pages):
        annots = as_list(p.obj.get("/Annots"))
        tabs = name(p.obj.get("/Tabs"))
        if tabs != "/S":
            # Matterhorn 28-008 (no Tabs) / 28-009 (Tabs not S) on pages with annotations,
            # ISO 14289-1 7.18.3; the contract (SPEC 5) asks it of every page.
            cp = ("28-008" if tabs is None else "28-009") if annots else "ISO 14289-1 7.18.3"
            r_tabs = "no /Tabs" if tabs is None else f"/Tabs {tabs}"
            ctx.r.bad(cp, f"page {i + 1}: {r_tabs}, expected /Tabs /S (structure order)")
        has_content = any(it.page == i and it.mcid is not None for it in ctx.walker.items)
        if "/StructParents" not in p.obj and (has_content or ctx.tree.root is not None):
            # ISO 32000-1 14.7.4.4: a page with marked content has /StructParents
            ctx.r.bad("ISO 32000-1 14.7.4.4", f"page {i + 1}: no /StructParents")


def check_structure_types(ctx):
    """Matterhorn 02-001, 02-003, 02-004 (ISO 14289-1 7.1): every structure type is standard
    or role-mapped to a standard one, with no cycle and no standard type remapped."""
    t = ctx.tree
    for std in t.rolemap:
        if std in STANDARD_TYPES:
            ctx.r.bad("02-004", f"standard structure type {std} is remapped to {t.rolemap[std]}")
    done = set()
    for e in t.elems:
        mapped, chain = t.map_role(e.raw)
        if mapped == "circular":
            if e.raw not in done:
                ctx.r.bad("02-003", "circular role mapping: " + " -> ".join(chain))
        elif mapped is None:
            if e.raw not in done:
                ctx.r.bad("02-001", f"structure type {e.raw} is not standard and not role-mapped to a standard type")
        else:
            e.type = mapped
        done.add(e.raw)


def check_mcid_references(ctx):
    """Every MCID in the content is referenced by exactly one structure element, which the
    ParentTree names for it; no element refers to an MCID that does not exist
    (ISO 32000-1 14.7.4.2 and 14.7.4.4; an MCID no element reaches is untagged content to a
    reader: Matterhorn 01-005)."""
    w, t, r = ctx.walker, ctx.tree, ctx.r
    if t.root is None:
        return
    parent_tree = {}
    pt = t.root.get("/ParentTree")
    if pt is None:
        r.bad("ISO 32000-1 14.7.4.4", "StructTreeRoot has no /ParentTree")
    else:
        number_tree(pt, parent_tree)
    keys_used = collections.Counter()
    owners = {("page", i): p.obj.get("/StructParents") for i, p in enumerate(ctx.pages)}
    for owner, sp in w.form_struct_parents.items():
        owners[owner] = sp
    for owner, mcids in sorted(w.mcids.items(), key=lambda kv: str(kv[0])):
        where = f"page {owner[1] + 1}" if owner[0] == "page" else f"form XObject {owner[1][0]}"
        for mcid in sorted(mcids):
            elems = t.refs.get((owner, mcid), [])
            if not elems:
                r.bad("01-005", f"{where}: MCID {mcid} is in the content but no structure element refers to it")
            elif len(elems) > 1:
                r.bad("ISO 32000-1 14.7.4.4", f"{where}: MCID {mcid} is referenced by {len(elems)} structure elements ("
                      + ", ".join(e.label() for e in elems) + ")")
        sp = owners.get(owner)
        if mcids and sp is None:
            if owner[0] != "page":
                r.bad("ISO 32000-1 14.7.4.4", f"{where}: has MCIDs but no /StructParents")
            continue
        if sp is None:
            continue
        keys_used[int(sp)] += 1
        entry = parent_tree.get(int(sp))
        if mcids and not isinstance(entry, pikepdf.Array):
            r.bad("ISO 32000-1 14.7.4.4", f"{where}: ParentTree has no array for StructParents {int(sp)}")
            continue
        if entry is None:
            continue
        for mcid in sorted(mcids):
            target = entry[mcid] if mcid < len(entry) else None
            elems = t.refs.get((owner, mcid), [])
            if not isinstance(target, pikepdf.Dictionary):
                r.bad("ISO 32000-1 14.7.4.4", f"{where}: ParentTree entry {int(sp)} has no element for MCID {mcid}")
            elif elems and objkey(target) not in {objkey(e.obj) for e in elems}:
                r.bad("ISO 32000-1 14.7.4.4", f"{where}: ParentTree maps MCID {mcid} to {name(target.get('/S'))}, "
                      f"but the element whose /K holds it is {elems[0].label()}")
    for k, n in keys_used.items():
        if n > 1:
            r.bad("ISO 32000-1 14.7.4.4", f"StructParents {k} is used by {n} pages or forms")
    # elements that point at content that is not there
    for (owner, mcid), elems in t.refs.items():
        if mcid not in w.mcids.get(owner, set()):
            where = f"page {owner[1] + 1}" if owner[0] == "page" else f"form XObject {owner[1][0]}"
            r.bad("ISO 32000-1 14.7.4.2", f"{elems[0].label()} element refers to MCID {mcid} of {where}, "
                  "which has no such marked content")
    # Matterhorn 30-002: a form XObject with MCIDs painted more than once
    for owner, n in w.form_uses.items():
        if n > 1 and w.mcids.get(owner):
            r.bad("30-002", f"form XObject {owner[1][0]} has MCIDs and is painted {n} times")


def check_headings(ctx):
    """Matterhorn 14-002 (the first numbered heading is H1), 14-003 (no level skipped going
    down), 14-006/14-007 (H and Hn not mixed); ISO 14289-1 7.4."""
    heads = [e for e in ctx.tree.elems if re.fullmatch(r"H[1-6]?", e.type)]
    numbered = [e for e in heads if e.type != "H"]
    if numbered and len(numbered) != len(heads):
        ctx.r.bad("14-007", "the document uses both H and H1..H6")
    if not heads and ctx.tree.root is not None:
        ctx.r.info("no headings")
    level = 0
    for i, e in enumerate(numbered):
        n = int(e.type[1])
        if i == 0 and n != 1:
            ctx.r.bad("14-002", f"the first heading is {e.type}, not H1")
        elif n > level + 1 and i > 0:
            ctx.r.bad("14-003", f"heading {e.type} \"{elem_text(ctx, e)[:40]}\" follows H{level}: level H{level + 1} skipped")
        level = n
    h1 = sum(1 for e in numbered if e.type == "H1")
    if h1 != 1:
        ctx.r.info(f"{h1} H1 headings (one is usual; PDF/UA-1 does not require it)")
    for e in ctx.tree.elems:
        if sum(1 for k in e.kids if isinstance(k, Elem) and k.type == "H") > 1:
            ctx.r.bad("14-006", f"{e.label()} element holds more than one H")


def attributes(e):
    """The attribute dictionaries of an element's /A (a dict, or an array with revisions)."""
    return [a for a in as_list(e.obj.get("/A")) if isinstance(a, pikepdf.Dictionary)]


def check_tables(ctx):
    """Matterhorn 09-004 (ISO 32000-1 14.8.4.3.4, Table 337: Table holds THead/TBody/TFoot/TR
    and Caption; those hold TR; TR holds TH/TD) and 15-003 (every TH has a Scope in an
    attribute dictionary with /O /Table, unless the table's cells use Headers)."""
    r = ctx.r
    parents = {"TR": {"Table", "THead", "TBody", "TFoot"}, "TH": {"TR"}, "TD": {"TR"},
               "THead": {"Table"}, "TBody": {"Table"}, "TFoot": {"Table"}}
    allowed = {"Table": {"THead", "TBody", "TFoot", "TR", "Caption"},
               "THead": {"TR"}, "TBody": {"TR"}, "TFoot": {"TR"}, "TR": {"TH", "TD"}}
    for e in ctx.tree.elems:
        if e.type in allowed:
            for k in e.kids:
                if isinstance(k, Elem) and k.type not in allowed[e.type]:
                    r.bad("09-004", f"{e.type} holds {k.label()} (allowed: {', '.join(sorted(allowed[e.type]))})")
                elif not isinstance(k, Elem) and e.type != "TR":
                    r.bad("09-004", f"{e.type} holds content directly, not through its rows")
        if e.type in parents and (e.parent is None or e.parent.type not in parents[e.type]):
            r.bad("09-004", f"{e.type} is inside {e.parent.label() if e.parent else 'the root'}, "
                  f"not {' or '.join(sorted(parents[e.type]))}")
    for table in (e for e in ctx.tree.elems if e.type == "Table"):
        cells = []

        def collect(x):
            for k in x.kids:
                if isinstance(k, Elem):
                    if k.type in ("TH", "TD"):
                        cells.append(k)
                    elif k.type != "Table":
                        collect(k)
        collect(table)
        uses_headers = any(c.type == "TD" for c in cells) and all(
            any("/Headers" in a for a in attributes(c)) for c in cells if c.type == "TD")
        for c in cells:
            if c.type != "TH" or uses_headers:
                continue
            scope = None
            for a in attributes(c):
                if name(a.get("/O")) == "/Table" and "/Scope" in a:
                    scope = name(a.Scope)
            if scope not in ("/Row", "/Column", "/Both"):
                what = "no /Scope" if scope is None else f"/Scope {scope}"
                r.bad("15-003", f"TH \"{elem_text(ctx, c)[:40]}\" has {what} (Row, Column or Both, in /A with /O /Table)")


def check_lists(ctx):
    """Matterhorn 09-005 (ISO 32000-1 14.8.4.3.3, Table 336): L holds LI (and Caption, L);
    LI holds Lbl and LBody."""
    for e in ctx.tree.elems:
        if e.type == "L":
            for k in e.kids:
                if isinstance(k, Elem) and k.type not in ("LI", "Caption", "L"):
                    ctx.r.bad("09-005", f"L holds {k.label()}")
        if e.type == "LI":
            for k in e.kids:
                if isinstance(k, Elem) and k.type not in ("Lbl", "LBody"):
                    ctx.r.bad("09-005", f"LI holds {k.label()}")
        if e.type in ("LI",) and (e.parent is None or e.parent.type != "L"):
            ctx.r.bad("09-005", "LI outside an L")


def check_alt_text(ctx):
    """Matterhorn 13-004 (Figure, ISO 14289-1 7.3) and 17-002 (Formula, 7.7): a non-empty
    /Alt (or /ActualText); Note elements have a unique /ID (19-003, 19-004)."""
    ids = collections.Counter()
    for e in ctx.tree.elems:
        alt = text_of(e.obj.get("/Alt")) or text_of(e.obj.get("/ActualText"))
        if e.type == "Figure" and not (alt and alt.strip()):
            ctx.r.bad("13-004", "Figure has no /Alt text")
        if e.type == "Formula" and not (alt and alt.strip()):
            ctx.r.bad("17-002", "Formula has no /Alt text")
        if e.type == "Note":
            i = text_of(e.obj.get("/ID"))
            if not i:
                ctx.r.bad("19-003", "Note has no /ID")
            else:
                ids[i] += 1
    for i, n in ids.items():
        if n > 1:
            ctx.r.bad("19-004", f"Note /ID {i!r} is used {n} times")


# XMP ------------------------------------------------------------------------------------------

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
}


def xmp_properties(data):
    """{'{ns}name': value} from every rdf:Description; an Alt/Seq/Bag gives a list."""
    root = ET.fromstring(data)
    props = {}
    rdf = "{%s}" % NS["rdf"]
    for desc in root.iter(rdf + "Description"):
        for k, v in desc.attrib.items():
            if not k.startswith(rdf):
                props[k] = v
        for child in desc:
            container = None
            for c in child:
                if c.tag in (rdf + "Alt", rdf + "Seq", rdf + "Bag"):
                    container = c
            if container is not None:
                props[child.tag] = [(li.attrib.get("{http://www.w3.org/XML/1998/namespace}lang"), (li.text or ""))
                                    for li in container.findall(rdf + "li")]
            else:
                props[child.tag] = (child.text or "").strip() if len(child) == 0 else child
    return root, props


def q(prefix, local):
    return "{%s}%s" % (NS[prefix], local)


def alt_default(v):
    """The x-default (or first) item of a language alternative."""
    if isinstance(v, list):
        for lang, text in v:
            if lang == "x-default":
                return text
        return v[0][1] if v else None
    return v


def pdf_date(s):
    """A PDF date (ISO 32000-1 7.9.4) as an aware datetime (naive without a zone)."""
    m = re.fullmatch(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(?:([Zz+-])(?:(\d\d)'?(?:(\d\d)'?)?)?)?", s or "")
    if not m:
        return None
    y, mo, d, h, mi, se, z, zh, zm = m.groups()
    tz = None
    if z in ("Z", "z"):
        tz = datetime.timezone.utc
    elif z:
        off = datetime.timedelta(hours=int(zh or 0), minutes=int(zm or 0))
        tz = datetime.timezone(off if z == "+" else -off)
    return datetime.datetime(int(y), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0), int(se or 0), tzinfo=tz)


def xmp_date(s):
    """An XMP date (ISO 8601 profile of XMP) as an aware datetime (naive without a zone)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?(Z|[+-]\d\d:\d\d)?)?)?)?", (s or "").strip())
    if not m:
        return None
    y, mo, d, h, mi, se, z = m.groups()
    tz = None
    if z == "Z":
        tz = datetime.timezone.utc
    elif z:
        off = datetime.timedelta(hours=int(z[1:3]), minutes=int(z[4:6]))
        tz = datetime.timezone(off if z[0] == "+" else -off)
    return datetime.datetime(int(y), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0), int(se or 0), tzinfo=tz)


def check_xmp(ctx):
    """The XMP packet: dc:title (Matterhorn 06-003), pdfuaid:part 1 (06-002) and its
    extension schema (ISO 19005-3 6.6.2.3.1), pdfaid:part 3 / conformance B (ISO 19005-3
    6.6.4), and agreement with the document information dictionary (ISO 19005-3 6.6.3, the
    equivalences of ISO 19005-1 6.7.3 Table 1)."""
    r = ctx.r
    md = ctx.pdf.Root.get("/Metadata")
    if not isinstance(md, pikepdf.Stream):
        return
    data = md.read_bytes()
    if "/Filter" in md:
        # ISO 19005-3 6.6.2.1 asks nothing of filters, but an uncompressed packet is what
        # a file-level reader can find; note it only.
        r.info("the XMP stream is compressed")
    try:
        root, props = xmp_properties(data)
    except ET.ParseError as e:
        r.bad("06-001", f"XMP metadata is not well-formed XML: {e}")
        return
    ctx.xmp = props
    if not data.lstrip().startswith(b"<?xpacket"):
        r.bad("ISO 19005-3 6.6.2.1", "XMP metadata is not wrapped in an xpacket header")
    title = alt_default(props.get(q("dc", "title")))
    if not (title and title.strip()):
        r.bad("06-003", "XMP has no dc:title (or it is empty)")
    part = props.get(q("pdfuaid", "part"))
    if part != "1":
        r.bad("06-002", f"XMP pdfuaid:part is {part!r}, not 1: no PDF/UA identification")
    if props.get(q("pdfaid", "part")) != "3":
        r.bad("ISO 19005-3 6.6.4", f"XMP pdfaid:part is {props.get(q('pdfaid', 'part'))!r}, not 3")
    if props.get(q("pdfaid", "conformance")) != "B":
        r.bad("ISO 19005-3 6.6.4", f"XMP pdfaid:conformance is {props.get(q('pdfaid', 'conformance'))!r}, not B")
    # pdfuaid is not a schema ISO 19005 predefines: it needs a PDF/A extension schema
    if part is not None:
        uris = [el.text for el in root.iter(q("pdfaSchema", "namespaceURI"))]
        uris += [el.attrib.get(q("pdfaSchema", "namespaceURI")) for el in root.iter() if q("pdfaSchema", "namespaceURI") in el.attrib]
        if NS["pdfuaid"] not in uris:
            r.bad("ISO 19005-3 6.6.2.3.1", "XMP uses pdfuaid without a pdfaExtension schema describing it")
    # Info <-> XMP (ISO 19005-1 6.7.3 Table 1, as ISO 19005-3 6.6.3 keeps them consistent)
    info = ctx.pdf.trailer.get("/Info")
    if not isinstance(info, pikepdf.Dictionary):
        return
    pairs = [("/Title", q("dc", "title"), "dc:title"), ("/Author", q("dc", "creator"), "dc:creator"),
             ("/Subject", q("dc", "description"), "dc:description"),
             ("/Creator", q("xmp", "CreatorTool"), "xmp:CreatorTool"),
             ("/Producer", q("pdf", "Producer"), "pdf:Producer"), ("/Keywords", q("pdf", "Keywords"), "pdf:Keywords")]
    for key, prop, label in pairs:
        if key not in info:
            continue
        iv = text_of(info[key])
        xv = props.get(prop)
        if isinstance(xv, list):
            xv = alt_default(xv) if prop != q("dc", "creator") else (xv[0][1] if xv else None)
        if xv is None:
            r.bad("ISO 19005-3 6.6.3", f"Info {key} is set but XMP has no {label}")
        elif iv != xv:
            r.bad("ISO 19005-3 6.6.3", f"Info {key} {iv!r} differs from XMP {label} {xv!r}")
    for key, prop, label in [("/CreationDate", q("xmp", "CreateDate"), "xmp:CreateDate"),
                             ("/ModDate", q("xmp", "ModifyDate"), "xmp:ModifyDate")]:
        if key not in info:
            continue
        iv = pdf_date(text_of(info[key]))
        xv = props.get(prop)
        if iv is None:
            r.bad("ISO 32000-1 7.9.4", f"Info {key} {text_of(info[key])!r} is not a PDF date")
        elif xv is None:
            r.bad("ISO 19005-3 6.6.3", f"Info {key} is set but XMP has no {label}")
        else:
            xd = xmp_date(xv)
            if xd is None:
                r.bad("ISO 19005-3 6.6.3", f"XMP {label} {xv!r} is not a date")
            elif (xd.tzinfo is None) != (iv.tzinfo is None):
                r.bad("ISO 19005-3 6.6.3", f"Info {key} and XMP {label} {xv!r} disagree on having a time zone")
            elif xd != iv:
                r.bad("ISO 19005-3 6.6.3", f"Info {key} {text_of(info[key])!r} differs from XMP {label} {xv!r}")


def check_info(ctx):
    """Document info Title, shown in the title bar with DisplayDocTitle (ISO 14289-1 7.1;
    the contract, SPEC 5)."""
    info = ctx.pdf.trailer.get("/Info")
    title = text_of(info.get("/Title")) if isinstance(info, pikepdf.Dictionary) else None
    if not (title and title.strip()):
        ctx.r.bad("SPEC 5", "document info has no Title")
    elif ctx.args.title is not None and title != ctx.args.title:
        ctx.r.bad("SPEC 5", f"document info Title is {title!r}, expected {ctx.args.title!r}")


# PDF/A ----------------------------------------------------------------------------------------

def check_output_intent(ctx):
    """ISO 19005-3 6.2.3: an OutputIntent /S /GTS_PDFA1 whose DestOutputProfile is an ICC
    profile with /N matching its colour space; 6.2.4.3: DeviceRGB (rg/RG, what the program
    paints with) needs an RGB output intent, DeviceCMYK a CMYK one."""
    r = ctx.r
    intents = [oi for oi in as_list(ctx.pdf.Root.get("/OutputIntents")) if isinstance(oi, pikepdf.Dictionary)]
    pdfa = [oi for oi in intents if name(oi.get("/S")) == "/GTS_PDFA1"]
    if not pdfa:
        r.bad("ISO 19005-3 6.2.3", "no /OutputIntents entry with /S /GTS_PDFA1")
        return
    profiles = {objkey(oi.get("/DestOutputProfile")) for oi in pdfa}
    if len(profiles) > 1:
        r.bad("ISO 19005-3 6.2.3", "the PDF/A output intents name different profiles")
    prof = pdfa[0].get("/DestOutputProfile")
    if not isinstance(prof, pikepdf.Stream):
        r.bad("ISO 19005-3 6.2.3", "the PDF/A output intent has no /DestOutputProfile ICC stream")
        return
    n = int(prof.get("/N", 0))
    icc = prof.read_bytes()
    space = icc[16:20] if len(icc) >= 128 else b""
    cls = icc[12:16] if len(icc) >= 128 else b""
    if len(icc) < 128 or icc[36:40] != b"acsp":
        r.bad("ISO 19005-3 6.2.3", "the DestOutputProfile is not an ICC profile")
        return
    want_n = {b"RGB ": 3, b"CMYK": 4, b"GRAY": 1}.get(space)
    if want_n != n:
        r.bad("ISO 19005-3 6.2.3", f"DestOutputProfile /N {n} does not match its colour space {space!r}")
    if cls not in (b"prtr", b"mntr"):
        r.bad("ISO 19005-3 6.2.3", f"DestOutputProfile class {cls!r} is neither output (prtr) nor monitor (mntr)")
    if n != 3:
        r.bad("ISO 19005-3 6.2.4.3", f"the output intent is not RGB (/N {n}) but the pages paint in DeviceRGB")
    if ctx.walker.cmyk_used and n != 4:
        r.bad("ISO 19005-3 6.2.4.3", "DeviceCMYK is used with an output intent that is not CMYK")


def all_objects(pdf):
    for obj in pdf.objects:
        yield obj


def check_file_structure(ctx):
    """ISO 19005-3 6.1.3 (trailer /ID, no /Encrypt), 6.1.7.2 (no LZWDecode), 6.5.1 (no
    JavaScript or Launch actions), 6.5.2 (no /AA additional actions in the catalog, pages,
    annotations or fields)."""
    r, pdf = ctx.r, ctx.pdf
    ids = pdf.trailer.get("/ID")
    if not isinstance(ids, pikepdf.Array) or len(ids) != 2:
        r.bad("ISO 19005-3 6.1.3", "trailer has no /ID of two strings")
    if "/Encrypt" in pdf.trailer or pdf.is_encrypted:
        r.bad("ISO 19005-3 6.1.3", "the file is encrypted (/Encrypt)")
    lzw = js = launch = aa = 0
    for obj in all_objects(pdf):
        if isinstance(obj, pikepdf.Stream):
            filters = [str(f) for f in as_list(obj.get("/Filter"))]
            if "/LZWDecode" in filters or "/LZW" in filters:
                lzw += 1
            d = obj.stream_dict
        elif isinstance(obj, pikepdf.Dictionary):
            d = obj
        else:
            continue
        s = name(d.get("/S"))
        if s == "/JavaScript" or "/JS" in d:
            js += 1
        if s == "/Launch":
            launch += 1
        if "/AA" in d:
            aa += 1
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        js += 1
    if lzw:
        r.bad("ISO 19005-3 6.1.7.2", f"{lzw} stream(s) use LZWDecode")
    if js:
        r.bad("ISO 19005-3 6.5.1", f"{js} JavaScript action(s) or name tree entries")
    if launch:
        r.bad("ISO 19005-3 6.5.1", f"{launch} Launch action(s)")
    if aa:
        r.bad("ISO 19005-3 6.5.2", f"{aa} /AA additional-actions dictionar(ies)")
    if "/OpenAction" in pdf.Root and name(pdf.Root.OpenAction.get("/S") if isinstance(pdf.Root.OpenAction, pikepdf.Dictionary) else None) in ("/JavaScript", "/Launch"):
        r.bad("ISO 19005-3 6.5.1", "/OpenAction is JavaScript or Launch")


def check_header(ctx):
    """ISO 19005-3 6.1.2: the header is %PDF-1.n (n 0..7) followed by a comment line of at
    least four bytes above 127; 6.1.3: nothing but an end-of-line after the last %%EOF."""
    with open(ctx.path, "rb") as fh:
        head = fh.read(64)
        fh.seek(max(0, os.path.getsize(ctx.path) - 64))
        tail = fh.read()
    lines = re.split(rb"\r\n|\r|\n", head, maxsplit=2)
    if not re.fullmatch(rb"%PDF-1\.[0-7]", lines[0]):
        ctx.r.bad("ISO 19005-3 6.1.2", f"file header {lines[0][:12]!r} is not %PDF-1.0 to %PDF-1.7")
    if len(lines) < 2 or not lines[1].startswith(b"%") or sum(1 for c in lines[1][1:5] if c > 127) < 4:
        ctx.r.bad("ISO 19005-3 6.1.2", "the header is not followed by a comment of four bytes above 127")
    end = tail.rfind(b"%%EOF")
    if end < 0 or tail[end + 5:] not in (b"", b"\n", b"\r", b"\r\n"):
        ctx.r.bad("ISO 19005-3 6.1.3", "data after the last %%EOF (or no %%EOF)")


def check_poppler_struct(ctx):
    """poppler as a third reader (ISO 32000-1 14.7): pdfinfo -struct-text reads the tree
    without a warning, and the text it finds, in tree order, is the text check.py finds
    (whitespace aside; an element's /ActualText may stand for its content)."""
    if ctx.tree.root is None:
        return
    p = subprocess.run(["pdfinfo", "-struct-text", ctx.path], capture_output=True, text=True)
    if p.returncode != 0 or p.stderr.strip():
        said = sorted(set(p.stderr.strip().splitlines())) or ["failed"]
        # a marked-content nesting fault is ISO 32000-1 14.6; anything else about the tree, 14.7
        cp = "ISO 32000-1 14.6" if all(re.search(r"\b(EMC|BMC|BDC)\b", x) for x in said) else "ISO 32000-1 14.7"
        ctx.r.bad(cp, "pdfinfo -struct-text warns: " + "; ".join(said)[:200])
        return
    theirs = "".join("".join(re.findall(r'^\s*"(.*)"\s*$', p.stdout, re.M)).split())
    runs = mcr_runs(ctx, artifacts_too=True)     # poppler reads an MCID wherever it is

    def text(e, actual):
        at = text_of(e.obj.get("/ActualText")) if actual else None
        if at is not None:
            return at
        out = []
        for k in e.kids:
            if isinstance(k, Elem):
                out.append(text(k, actual))
            elif k[0] == "mcr":
                out.append(join_runs(runs.get((k[1], k[2]), [])))
        return "".join(out)
    ours = ["".join("".join(text(e, a) for e in ctx.tree.top).split()) for a in (False, True)]
    if theirs not in ours:
        i = next((n for n, (x, y) in enumerate(zip(theirs, ours[0])) if x != y), min(len(theirs), len(ours[0])))
        ctx.r.bad("ISO 32000-1 14.7", "pdfinfo -struct-text reads other text than the tree holds, from "
                  f"character {i}: poppler {theirs[i:i + 30]!r}, check.py {ours[0][i:i + 30]!r}")


AGL_NAMES = set(agl.LEGACY_AGL2UV)   # the Adobe Glyph List (glyphlist.txt, 4,281 names)
AGL_BY_UV = {}
for _n, _v in agl.LEGACY_AGL2UV.items():
    for _u in (_v if isinstance(_v, list) else [_v]):
        AGL_BY_UV.setdefault(_u, _n)


def agl_hint(gname):
    """For a uniXXXX name, the Adobe Glyph List's own name of that character, if it has one."""
    m = re.fullmatch(r"uni([0-9A-F]{4})", gname)
    if not m:
        return ""
    listed = AGL_BY_UV.get(int(m.group(1), 16))
    return f" (AGL: /{listed})" if listed else " (no AGL name)"


def check_fonts(ctx):
    """Fonts used for rendering: embedded (ISO 19005-3 6.2.11.4.1, ISO 14289-1 7.21.4.1); a
    non-symbolic TrueType font has WinAnsi/MacRoman as Encoding or BaseEncoding, Differences
    only of Adobe Glyph List names, and a (3,1) cmap (6.2.11.6, UA 7.21.6); a symbolic one no
    Encoding and a (3,0) or single cmap (6.2.11.6); every code shown maps to a glyph the
    program has (6.2.11.4.1) that is not .notdef (6.2.11.8, UA 7.21.8); and the /Widths agree
    with the program's advance widths within 1 unit (6.2.11.5, UA 7.21.5)."""
    r = ctx.r
    for key, (f, codes) in ctx.walker.fonts_used.items():
        fname = f.basefont + (f" (object {key[0]})" if key[0] != "direct" else "")
        if f.subtype == "/Type3":
            continue
        desc = f.descriptor
        prog = None
        if isinstance(desc, pikepdf.Dictionary):
            for k in ("/FontFile", "/FontFile2", "/FontFile3"):
                if k in desc:
                    prog = (k, desc[k])
        if prog is None:
            r.bad("ISO 19005-3 6.2.11.4.1", f"font {fname} is not embedded (no FontFile, FontFile2 or FontFile3)")
            continue
        if f.subtype != "/TrueType" or prog[0] != "/FontFile2":
            continue
        try:
            tt = TTFont(io.BytesIO(prog[1].read_bytes()), lazy=True)
            cmaps = {(t.platformID, t.platEncID): t.cmap for t in tt["cmap"].tables}
            glyph_order = tt.getGlyphOrder()
            upem = tt["head"].unitsPerEm
            hmtx = tt["hmtx"].metrics
        except Exception as e:
            r.bad("ISO 19005-3 6.2.11.4.1", f"font {fname}: the embedded TrueType program cannot be read: {e}")
            continue
        flags = int(desc.get("/Flags", 0))
        symbolic = bool(flags & 4)
        nonsymbolic = bool(flags & 32)
        if symbolic == nonsymbolic:
            r.bad("ISO 32000-1 9.8.2", f"font {fname}: /Flags {flags} sets {'both' if symbolic else 'neither'} Symbolic and Nonsymbolic")
        enc = f.dict.get("/Encoding")
        if nonsymbolic:
            base = name(enc) if isinstance(enc, pikepdf.Name) else (
                name(enc.get("/BaseEncoding")) if isinstance(enc, pikepdf.Dictionary) else None)
            if base not in ("/WinAnsiEncoding", "/MacRomanEncoding"):
                r.bad("ISO 19005-3 6.2.11.6", f"font {fname}: non-symbolic TrueType whose Encoding/BaseEncoding is {base}, "
                      "not WinAnsiEncoding or MacRomanEncoding")
            if f.differences:
                bad_names = sorted({n for n in f.differences.values() if n not in AGL_NAMES})
                if bad_names:
                    r.bad("ISO 19005-3 6.2.11.6", f"font {fname}: Differences name glyphs not in the Adobe Glyph List: "
                          + " ".join("/" + n + agl_hint(n) for n in bad_names[:8]))
                if (3, 1) not in cmaps:
                    r.bad("ISO 19005-3 6.2.11.6", f"font {fname}: Differences without a (3,1) Microsoft Unicode cmap in the font program")
        if symbolic and not nonsymbolic:
            if enc is not None:
                r.bad("ISO 19005-3 6.2.11.6", f"font {fname}: symbolic TrueType with an /Encoding")
            if len(cmaps) != 1 and (3, 0) not in cmaps:
                r.bad("ISO 19005-3 6.2.11.6", f"font {fname}: symbolic TrueType without a (3,0) cmap or a single cmap")
        missing, notdef, widths = [], [], []
        for code in sorted(codes):
            c = code[0]
            gname = f.encoding.get(c) if nonsymbolic else None
            gid_name = None
            if nonsymbolic and gname:
                if gname == ".notdef":
                    notdef.append(c)
                    continue
                try:
                    u = agl.toUnicode(gname)      # AGL names, uniXXXX and uXXXX[XX]
                except Exception:
                    u = ""
                uv = ord(u) if len(u) == 1 else None
                if (3, 1) in cmaps and uv is not None:
                    gid_name = cmaps[(3, 1)].get(uv)
                elif (1, 0) in cmaps:
                    gid_name = cmaps[(1, 0)].get(c)
            else:
                for k in ((3, 0), (3, 1), (1, 0)):
                    if k in cmaps:
                        gid_name = cmaps[k].get(c) or cmaps[k].get(0xF000 + c)
                        if gid_name:
                            break
            if gid_name is None or gid_name == ".notdef" or gid_name == glyph_order[0]:
                (notdef if gid_name in (".notdef", glyph_order[0]) else missing).append(c)
                continue
            adv = hmtx.get(gid_name, (0, 0))[0] * 1000.0 / upem
            w = f.width(code)
            if abs(adv - w) > 1:
                widths.append(f"{c:#04x} /Widths {w:g} vs program {adv:.0f}")
        if missing:
            r.bad("ISO 19005-3 6.2.11.4.1", f"font {fname}: codes shown with no glyph in the program: "
                  + " ".join(f"{c:#04x}" for c in missing[:12]))
        if notdef:
            r.bad("ISO 19005-3 6.2.11.8", f"font {fname}: codes shown that reach .notdef: "
                  + " ".join(f"{c:#04x}" for c in notdef[:12]))
        if widths:
            r.bad("ISO 19005-3 6.2.11.5", f"font {fname}: widths disagree: " + "; ".join(widths[:6]))
    # fonts in the resources but never shown are not "used for rendering": nothing to check.


def check_associated_file(ctx):
    """The JSON twin as an associated file (ISO 19005-3 6.8; ISO 32000-2 14.13): catalog /AF
    holds a file specification with /AFRelationship /Data, /F and /UF (also Matterhorn
    21-001), /EF /F a stream with /Subtype /application#2Fjson and /Params /ModDate; the
    /Names /EmbeddedFiles tree lists it; with --json the bytes equal the twin, and
    pdfdetach -saveall gets the same bytes back."""
    r, root = ctx.r, ctx.pdf.Root
    tree = []
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/EmbeddedFiles" in names:
        name_tree(names.EmbeddedFiles, tree)
    # every embedded file specification carries F and UF (Matterhorn 21-001, UA 7.11) and
    # is associated through an AF (ISO 19005-3 6.8)
    af = [fs for fs in as_list(root.get("/AF")) if isinstance(fs, pikepdf.Dictionary)]
    af_keys = {objkey(fs) for fs in af}
    for label, fs in tree:
        if isinstance(fs, pikepdf.Dictionary):
            if "/F" not in fs or "/UF" not in fs:
                r.bad("21-001", f"embedded file {label!r}: file specification without both /F and /UF")
            if objkey(fs) not in af_keys:
                r.bad("ISO 19005-3 6.8", f"embedded file {label!r} is not in the catalog's /AF (not associated)")
    if not af:
        r.bad("ISO 19005-3 6.8", "catalog has no /AF array of associated files")
        return
    json_specs = []
    for fs in af:
        label = text_of(fs.get("/UF")) or text_of(fs.get("/F")) or "?"
        rel = name(fs.get("/AFRelationship"))
        if rel is None:
            r.bad("ISO 19005-3 6.8", f"associated file {label!r} has no /AFRelationship")
        elif rel != "/Data":
            r.bad("SPEC 5", f"associated file {label!r} has /AFRelationship {rel}, expected /Data")
        if "/F" not in fs or "/UF" not in fs:
            r.bad("ISO 19005-3 6.8", f"associated file {label!r}: file specification without both /F and /UF")
        ef = fs.get("/EF")
        stream = ef.get("/F") if isinstance(ef, pikepdf.Dictionary) else None
        if not isinstance(stream, pikepdf.Stream):
            r.bad("ISO 19005-3 6.8", f"associated file {label!r} has no /EF /F embedded file stream")
            continue
        sub = name(stream.get("/Subtype"))
        if sub is None:
            r.bad("ISO 19005-3 6.8", f"associated file {label!r}: embedded file stream has no /Subtype (MIME type)")
        elif sub != "/application/json":
            r.bad("SPEC 5", f"associated file {label!r}: /Subtype {sub}, expected /application#2Fjson")
        params = stream.get("/Params")
        if not isinstance(params, pikepdf.Dictionary) or "/ModDate" not in params:
            r.bad("ISO 19005-3 6.8", f"associated file {label!r}: embedded file stream has no /Params /ModDate")
        elif pdf_date(text_of(params.ModDate)) is None:
            r.bad("ISO 32000-1 7.9.4", f"associated file {label!r}: /Params /ModDate is not a PDF date")
        if objkey(fs) not in {objkey(v) for _, v in tree if isinstance(v, pikepdf.Dictionary)}:
            r.bad("SPEC 5", f"associated file {label!r} is not listed in /Names /EmbeddedFiles")
        json_specs.append((label, stream))
    if ctx.args.json is None:
        return
    try:
        with open(ctx.args.json, "rb") as fh:
            twin = fh.read()
    except OSError as e:
        r.bad("SPEC 5", f"cannot read the twin {ctx.args.json}: {e}")
        return
    json_specs = [(label, s) for label, s in json_specs if name(s.get("/Subtype")) == "/application/json"] or json_specs
    if not json_specs:
        r.bad("SPEC 5", "no embedded JSON twin to compare with " + ctx.args.json)
        return
    label, stream = json_specs[0]
    if stream.read_bytes() != twin:
        r.bad("SPEC 5", f"embedded {label!r} is not byte-identical to {ctx.args.json}")
    # pdfdetach as a second reader: it must get the same bytes back
    with tempfile.TemporaryDirectory() as d:
        p = subprocess.run(["pdfdetach", "-saveall", "-o", d, ctx.path], capture_output=True, text=True)
        if p.returncode != 0 or p.stderr.strip():
            r.bad("SPEC 5", f"pdfdetach -saveall: {(p.stderr or 'failed').strip()[:200]}")
            return
        got = sorted(os.listdir(d))
        match = [g for g in got if open(os.path.join(d, g), "rb").read() == twin]
        if not match:
            r.bad("SPEC 5", f"pdfdetach -saveall wrote {got or 'nothing'}, none equal to {ctx.args.json}")


# ---------------------------------------------------------------------------------------------
# Reading order (Matterhorn 09-001, "tags are not in logical reading order", a Human check in
# the protocol; ISO 14289-1 7.2). Here made mechanical for the layouts this program draws.
#
# Each structure element has, on each page, a region: the union of the core boxes (baseline
# -0.1 em to +0.6 em, origin to advance) of the glyphs of its marked content on that page,
# and a first glyph and a last glyph (in content order). Artifacts, and content without
# text, have no region and take no part.
#
# THE RULE: for every element, its kids that have a region on a page (elements and marked-
# content references alike), taken in structure order, must each stand in one of these
# relations to the kid before it (A, then B):
#   below:   B's region lies wholly below A's (B's top <= A's bottom + 0.5 pt);
#   beside:  the two regions overlap vertically and B starts at or right of A's right edge
#            (B.left >= A.right - 0.5 pt): the next cell of a row, the right-hand chart of two
#            side by side, the value column of a label/value block;
#   flow:    B's first glyph continues where A's last glyph ended: on the same line (baselines
#            within 0.3 em) at or right of its end, or on a lower line (more than 0.3 em
#            below): a run of bold text inside a paragraph, a paragraph broken in two pieces.
# Kids of a Figure or Formula are not ordered (a reader hears the Alt text, not the axis
# labels). Within one marked-content sequence the shown strings must follow "flow".
#
# Why this is visual order: a reader of a left-to-right page reads down the page, and across
# only within a band of text that sits side by side; the rule asks that at every level of the
# tree (document, section, table, row, cell, paragraph) each next part be down from, beside
# and right of, or after the end of, the part before. It accepts a table row whose first cell
# wraps onto two lines while the next has one (beside: they overlap vertically), a two-column
# block read row by row (beside, then below) or column by column when the columns are
# elements (beside), and two charts side by side (beside). It rejects two paragraphs swapped
# (the second is above the first and overlaps it horizontally), a cell out of its row (it is
# neither below nor right of the cell before it), a row out of its table. It does not judge
# whether a column-by-column or row-by-row reading of a grid is the better one: both are
# visual orders.

TOL = 0.5


class Region:
    def __init__(self):
        self.x0 = self.y0 = float("inf")
        self.x1 = self.y1 = float("-inf")
        self.first = None    # Run
        self.last = None     # Run
        self.text = []

    def add(self, run):
        self.x0, self.y0 = min(self.x0, run.x0), min(self.y0, run.y0)
        self.x1, self.y1 = max(self.x1, run.x1), max(self.y1, run.y1)
        if self.first is None:
            self.first = run
        self.last = run
        self.text.append(run.text)

    def merge(self, other):
        self.x0, self.y0 = min(self.x0, other.x0), min(self.y0, other.y0)
        self.x1, self.y1 = max(self.x1, other.x1), max(self.y1, other.y1)
        if self.first is None:
            self.first = other.first
        self.last = other.last or self.last
        self.text += other.text

    def empty(self):
        return self.first is None


def in_order(a, b):
    if b.y1 <= a.y0 + TOL:
        return True                                           # below
    if min(a.y1, b.y1) - max(a.y0, b.y0) > TOL and b.x0 >= a.x1 - TOL:
        return True                                           # beside
    return flows(a.last, b.first)


def flows(prev, nxt):
    em = max(prev.size, nxt.size, 1.0) * 0.3
    if abs(prev.baseline - nxt.baseline) <= em:
        return nxt.x0 >= prev.x_end - TOL - 0.15 * max(prev.size, 1.0)   # same line, to the right
    return nxt.baseline < prev.baseline - em                               # a lower line


def mcr_runs(ctx, artifacts_too=False):
    """(owner, mcid) -> the text Runs of that marked-content sequence, in content order
    (an MCID inside an Artifact, Matterhorn 01-004, counts only with artifacts_too)."""
    out = collections.defaultdict(list)
    for it in ctx.walker.items:
        if it.kind == "text" and it.mcid is not None and (artifacts_too or not it.artifact):
            out[(it.owner, it.mcid)] += it.runs
    return out


def elem_text(ctx, e, runs=None):
    if runs is None:
        if not hasattr(ctx, "_runs"):
            ctx._runs = mcr_runs(ctx)
        runs = ctx._runs
    parts = []
    for k in e.kids:
        if isinstance(k, Elem):
            parts.append(elem_text(ctx, k, runs))
        elif k[0] == "mcr":
            parts.append(join_runs(runs.get((k[1], k[2]), [])))
    return " ".join(p for p in parts if p).strip()


def join_runs(runs):
    """The text of runs, with a space where the next run is not adjacent to the last."""
    out = ""
    prev = None
    for run in runs:
        if prev is not None and not out.endswith(" ") and not run.text.startswith(" "):
            same_line = abs(prev.baseline - run.baseline) <= 0.3 * max(prev.size, run.size, 1)
            if not same_line or run.x0 - prev.x_end > 0.15 * max(run.size, 1):
                out += " "
        out += run.text
        prev = run
    return out


def snippet(region):
    return " ".join(" ".join(region.text).split())[:40]


def page_of(ctx, owner):
    return ctx.walker.owner_page.get(owner, owner[1] if owner[0] == "page" else None)


def check_reading_order(ctx):
    if not hasattr(ctx, "_runs"):
        ctx._runs = mcr_runs(ctx)
    runs, r = ctx._runs, ctx.r

    def mcr_region(kid, page, ordered):
        reg = Region()
        if kid[0] != "mcr" or page_of(ctx, kid[1]) != page:
            return reg
        for run in runs.get((kid[1], kid[2]), []):
            if ordered and reg.last is not None and not flows(reg.last, run):
                r.bad("09-001", f"page {page + 1}: in MCID {kid[2]}, \"{run.text.strip()[:30]}\" comes after "
                      f"\"{reg.last.text.strip()[:30]}\" but lies above or left of it")
            reg.add(run)
        return reg

    def region(node, page, ordered=True):
        """The element's region on the page; checks the order of its kids on the way."""
        ordered = ordered and node.type not in ("Figure", "Formula")
        reg = Region()
        prev = None
        for k in node.kids:
            kr = region(k, page, ordered) if isinstance(k, Elem) else mcr_region(k, page, ordered)
            if kr.empty():
                continue
            if ordered and prev is not None and not in_order(prev, kr):
                r.bad("09-001", f"page {page + 1}: in {node.label()}, \"{snippet(kr)}\" comes after "
                      f"\"{snippet(prev)}\" in the structure tree but lies above or left of it")
            prev = kr
            reg.merge(kr)
        return reg

    for page in range(len(ctx.pages)):
        prev = None
        for e in ctx.tree.top:
            er = region(e, page)
            if er.empty():
                continue
            if prev is not None and not in_order(prev, er):
                r.bad("09-001", f"page {page + 1}: \"{snippet(er)}\" comes after \"{snippet(prev)}\" "
                      "in the structure tree but lies above or left of it")
            prev = er


def pdftotext_words(path):
    """Per page, the words pdftotext -bbox finds: [[word, ...], ...]."""
    p = subprocess.run(["pdftotext", "-bbox", path, "-"], capture_output=True, text=True)
    pages = []
    for page in re.findall(r"<page[^>]*>(.*?)</page>", p.stdout, re.S):
        pages.append([html.unescape(w) for w in re.findall(r"<word[^>]*>(.*?)</word>", page, re.S)])
    return pages


def check_text_coverage(ctx):
    """The text of the structure tree, in order, is the page's visible text less artifacts:
    every word pdftotext finds on a page is in the tree's text or in an artifact's, and the
    characters of tree text and artifact text together are exactly the page's (nothing the
    page does not show). Matterhorn 01-005 / 09-001 (ISO 14289-1 7.1, 7.2)."""
    r = ctx.r
    if not hasattr(ctx, "_runs"):
        ctx._runs = mcr_runs(ctx)
    runs = ctx._runs
    words = pdftotext_words(ctx.path)
    for page in range(len(ctx.pages)):
        tree_parts = []

        def visit(node):
            for k in node.kids:
                if isinstance(k, Elem):
                    visit(k)
                elif k[0] == "mcr" and page_of(ctx, k[1]) == page:
                    tree_parts.append(join_runs(runs.get((k[1], k[2]), [])))
        for e in ctx.tree.top:
            visit(e)
        tree_text = " ".join(tree_parts)
        art_text = " ".join(join_runs(it.runs) for it in ctx.walker.items
                            if it.page == page and it.kind == "text" and it.artifact)
        untagged = " ".join(join_runs(it.runs) for it in ctx.walker.items
                            if it.page == page and it.kind == "text" and it.mcid is None and not it.artifact)
        if page < len(words):
            seen = words[page]
        else:
            seen = []
        flat_tree = "".join(tree_text.split())
        flat_art = "".join(art_text.split())
        lost = [w for w in seen if w not in flat_tree and w not in flat_art]
        if lost:
            r.bad("01-005", f"page {page + 1}: words pdftotext shows that are neither in the structure tree's text "
                  "nor in an artifact: " + " ".join(lost[:10]))
        have = collections.Counter(flat_tree) + collections.Counter(flat_art) + collections.Counter("".join(untagged.split()))
        shown = collections.Counter("".join("".join(seen).split()))
        extra = have - shown
        if extra and not lost:
            r.bad("09-001", f"page {page + 1}: the structure tree and artifacts hold characters pdftotext does not show: "
                  + "".join(sorted(extra.elements()))[:40])


# ---------------------------------------------------------------------------------------------

CHECKS = [check_catalog, check_pages, check_structure_types, check_mcid_references, check_headings,
          check_tables, check_lists, check_alt_text, check_xmp, check_info, check_output_intent,
          check_header, check_file_structure, check_fonts, check_associated_file,
          check_reading_order, check_text_coverage, check_poppler_struct]


def check_file(path, args):
    """Every check on one PDF; O - 0 when it passes, 1 with problems, 2 when it cannot be read."""
    report = Report(path, args.quiet)
    try:
        ctx = Context(path, args, report)
    except (pikepdf.PdfError, OSError) as e:
        print(f"{path}: [ISO 32000-1 7.5] cannot be read: {e}", file=sys.stderr)
        return 2
    for check in CHECKS:
        # poppler's -struct-text takes seconds a file: --no-poppler leaves it to a sample.
        if check is check_poppler_struct and args.no_poppler:
            continue
        check(ctx)
    return 1 if report.problems else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description="PDF/UA-1 and PDF/A-3b checks for roit-report's PDFs")
    ap.add_argument("pdf", nargs="+")
    ap.add_argument("--json", help="the JSON twin the embedded file must equal byte for byte (one PDF)")
    ap.add_argument("--twins", action="store_true", help="each PDF's twin is the .json file beside it")
    ap.add_argument("--lang", help="the catalog /Lang required (e.g. en-GB)")
    ap.add_argument("--title", help="the document info Title required")
    ap.add_argument("--no-poppler", action="store_true", help="skip the pdfinfo -struct-text cross-check")
    ap.add_argument("-q", "--quiet", action="store_true", help="no info lines on stdout")
    args = ap.parse_args(argv)
    if args.json is not None and len(args.pdf) > 1:
        ap.error("--json goes with one PDF; use --twins for several")
    worst = 0
    for path in args.pdf:
        if args.twins:
            args.json = path[:-4] + ".json" if path.endswith(".pdf") else path + ".json"
        worst = max(worst, check_file(path, args))
    return worst


if __name__ == "__main__":
    sys.exit(main())
