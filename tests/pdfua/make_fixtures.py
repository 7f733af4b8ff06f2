#!/usr/bin/python3
"""make_fixtures.py OUTDIR

Builds, from scratch with pikepdf and fontTools, a small tagged PDF/UA-1 + PDF/A-3b document
(good.pdf, with its JSON twin good.json) and a set of bad variants, each breaking exactly one
rule that tests/pdfua/check.py enforces, so that the checker is shown able to fail. Writes
OUTDIR/expected.tsv: one line per fixture, "NAME<TAB>CHECKPOINT<TAB>EXTRA CHECK.PY ARGS",
where CHECKPOINT is "-" for a fixture that must pass.

The good document, two A4 pages in Liberation Sans (a subset embedded as a non-symbolic
TrueType font with WinAnsiEncoding, a ToUnicode map and a (3,1) cmap):
  page 1: marking (Artifact, header), H1, P, a label/value Table (TH Scope Row + TD, two
          columns), H2, a spend Table (THead with TH Scope Column, TBody whose first row
          header wraps onto two lines beside a one-line value), two charts side by side
          (Figure with Alt; bars and their labels), a rule (Artifact), the footer (Artifact);
  page 2: marking, H2, two paragraphs (the first on two lines), footer.
Catalog: Lang en-GB, MarkInfo Marked, ViewerPreferences DisplayDocTitle, StructTreeRoot
with ParentTree, XMP (dc:title, pdfaid 3/B, pdfuaid 1 with its extension schema, the same
values as the Info dictionary), an sRGB OutputIntent (Debian's icc-profiles-free), the JSON
twin as an associated file (/AF, AFRelationship Data, application/json, Params ModDate).
"""

import io
import os
import sys

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from fontTools import subset
from fontTools.ttLib import TTFont

FONT = "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"
ICC = "/usr/share/color/icc/sRGB.icc"

TITLE = "Monthly scrutiny return — Test Unit — June 2020"
AUTHOR = "Test Police Service"
SUBJECT = "Fixture for the PDF/UA and PDF/A checks"
CREATOR = "make_fixtures.py"
PRODUCER = "pikepdf"
DATE_PDF = "D:20200701090000+01'00'"
DATE_XMP = "2020-07-01T09:00:00+01:00"
TWIN = b'{\n  "unit": "Test Unit",\n  "month": "2020-06",\n  "spend": {"total": {"ytd_actual_pence": 3504600}}\n}\n'

# name -> (checkpoint check.py must report, extra arguments)
VARIANTS = {
    "good": ("-", ""),
    "untagged-text": ("01-005", ""),
    "artifact-in-tagged": ("01-003", ""),
    "mcid-in-artifact": ("01-004", ""),
    "unbalanced-emc": ("ISO 32000-1 14.6", ""),
    "mcid-twice": ("ISO 32000-1 14.7.4.4", ""),
    "missing-alt": ("13-004", ""),
    "th-no-scope": ("15-003", ""),
    "heading-skip": ("14-003", ""),
    "no-lang": ("11-001", ""),
    "displaydoctitle-false": ("07-002", ""),
    "no-tabs": ("ISO 14289-1 7.18.3", ""),
    "xmp-title-differs": ("ISO 19005-3 6.6.3", ""),
    "no-pdfuaid": ("06-002", ""),
    "no-outputintent": ("ISO 19005-3 6.2.3", ""),
    "notdef-encoding": ("ISO 19005-3 6.2.11.6", ""),
    "af-no-relationship": ("ISO 19005-3 6.8", ""),
    "misordered": ("09-001", ""),
    "cell-misordered": ("09-001", ""),
    "twin-differs": ("SPEC 5", "--json good.json"),
}


# --------------------------------------------------------------------------------------------
# The font: Liberation Sans cut to printable ASCII and the pound sign, drawn through WinAnsi.

CODES = list(range(0x20, 0x7F)) + [0xA3, 0x97]     # 0x97 is the em dash in WinAnsi


def font_program():
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.notdef_outline = True
    opts.name_IDs = ["*"]
    opts.glyph_names = True
    opts.drop_tables += ["FFTM"]
    font = TTFont(FONT)
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=[ord(bytes([c]).decode("cp1252")) for c in CODES])
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    data = buf.getvalue()
    font = TTFont(io.BytesIO(data))
    cmap = font.getBestCmap()
    upem = font["head"].unitsPerEm
    widths = []
    for c in range(32, 256):
        try:
            g = cmap.get(ord(bytes([c]).decode("cp1252")))
        except UnicodeDecodeError:
            g = None
        widths.append(round(font["hmtx"][g][0] * 1000 / upem) if g and c in CODES else 0)
    head = font["head"]
    bbox = [round(v * 1000 / upem) for v in (head.xMin, head.yMin, head.xMax, head.yMax)]
    return data, widths, bbox, {c: font["hmtx"][cmap[ord(bytes([c]).decode("cp1252"))]][0] * 1000 / upem for c in CODES}


def tounicode():
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<00> <FF>", "endcodespacerange",
             "1 beginbfrange", "<20> <7E> <0020>", "endbfrange",
             "2 beginbfchar", "<A3> <00A3>", "<97> <2014>", "endbfchar",
             "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode()


# --------------------------------------------------------------------------------------------

def esc(s):
    b = s.encode("cp1252")
    return b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


class Doc:
    def __init__(self, variant):
        self.v = variant
        self.pdf = pikepdf.new()
        self.pages = []
        data, self.widths, bbox, self.adv = font_program()
        ff = self.pdf.make_stream(data)
        ff.Length1 = len(data)
        desc = self.pdf.make_indirect(Dictionary(
            Type=Name.FontDescriptor, FontName=Name("/ABCDEF+LiberationSans"), Flags=32,
            FontBBox=Array(bbox), ItalicAngle=0, Ascent=905, Descent=-212, CapHeight=716,
            StemV=80, FontFile2=ff))
        enc = Name.WinAnsiEncoding
        if variant == "notdef-encoding":
            # libharu's CP1252 encoder writes this; ISO 19005-3 6.2.11.6 forbids it
            enc = Dictionary(Type=Name.Encoding, BaseEncoding=Name.WinAnsiEncoding,
                             Differences=Array([127, Name("/.notdef")]))
        self.font = self.pdf.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.TrueType, BaseFont=Name("/ABCDEF+LiberationSans"),
            FirstChar=32, LastChar=255, Widths=Array(self.widths), FontDescriptor=desc,
            Encoding=enc, ToUnicode=self.pdf.make_stream(tounicode())))
        self.root_elem = self.elem("Document", None)
        self.struct_root = self.pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array([self.root_elem])))
        self.root_elem.P = self.struct_root
        self.parents = {}            # page index -> [elem by MCID]

    def elem(self, stype, parent, **extra):
        e = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + stype), K=Array(), **extra))
        if parent is not None:
            e.P = parent
            parent.K.append(e)
        return e

    def width(self, s, size):
        return sum(self.adv[b] for b in s.encode("cp1252")) * size / 1000.0


class PageBuilder:
    def __init__(self, doc, index):
        self.doc = doc
        self.index = index
        self.ops = []
        self.mcids = []              # elem for each MCID, in order
        self.page = None

    def text(self, x, y, size, s):
        return f"BT /F1 {size} Tf {x} {y} Td (".encode() + esc(s) + b") Tj ET\n"

    def lines(self, x, y, size, lead, strings):
        out = f"BT /F1 {size} Tf {lead} TL {x} {y} Td (".encode() + esc(strings[0]) + b") Tj\n"
        for s in strings[1:]:
            out += b"T* (" + esc(s) + b") Tj\n"
        return out + b"ET\n"

    def tagged(self, elem, content, tag=None):
        """Marked content with the next MCID, referenced from elem's /K."""
        mcid = len(self.mcids)
        self.mcids.append(elem)
        tag = tag or str(elem.S)[1:]
        self.ops.append(f"/{tag} <</MCID {mcid}>> BDC\n".encode() + content + b"EMC\n")
        elem.K.append(mcid)
        elem.Pg = self.page
        return mcid

    def artifact(self, content, props=b"<</Type /Pagination /Subtype /Header>>"):
        self.ops.append(b"/Artifact " + props + b" BDC\n" + content + b"EMC\n")

    def raw(self, content):
        self.ops.append(content)


def build(variant):
    d = Doc(variant)
    pdf = d.pdf
    doc = d.root_elem
    page_dicts = []
    for i in range(2):
        pg = pdf.make_indirect(Dictionary(Type=Name.Page, MediaBox=Array([0, 0, 595, 842]),
                                          Resources=Dictionary(Font=Dictionary(F1=d.font)),
                                          StructParents=i))
        if variant != "no-tabs":
            pg.Tabs = Name.S
        page_dicts.append(pg)
    builders = [PageBuilder(d, 0), PageBuilder(d, 1)]
    for b, pg in zip(builders, page_dicts):
        b.page = pg

    def furniture(b, n):
        w = d.width("OFFICIAL-SENSITIVE", 9)
        if variant == "mcid-in-artifact" and n == 1:
            # tagged content inside an artifact (Matterhorn 01-004); the Span is referenced
            # from the tree, first, where the marking is on the page, so only 01-004 fails
            span = d.elem("Span", None)
            doc.K = Array([span] + list(doc.K))
            span.P = doc
            mcid = len(b.mcids)
            b.mcids.append(span)
            span.K.append(mcid)
            span.Pg = b.page
            b.artifact(f"/Span <</MCID {mcid}>> BDC\n".encode() + b.text(297.5 - w / 2, 812, 9, "OFFICIAL-SENSITIVE") + b"EMC\n")
        else:
            b.artifact(b.text(297.5 - w / 2, 812, 9, "OFFICIAL-SENSITIVE"))
        foot = f"Page {n} of 2"
        b.artifact(b.text(297.5 - d.width(foot, 8) / 2, 40, 8, foot) +
                   b.text(297.5 - w / 2, 28, 9, "OFFICIAL-SENSITIVE"),
                   b"<</Type /Pagination /Subtype /Footer>>")

    # ---- page 1
    b = builders[0]
    furniture(b, 1)
    h1 = d.elem("H1", doc)
    b.tagged(h1, b.text(50, 760, 20, "Monthly scrutiny return"))
    p = d.elem("P", doc)
    content = b.text(50, 738, 10, "Spend against profile for June 2020.")
    if variant == "artifact-in-tagged":
        content += b"/Artifact BMC\n0.5 w 50 734 m 230 734 l S\nEMC\n"
    b.tagged(p, content)
    # label/value block, two columns of label and value, read row by row
    info = d.elem("Table", doc)
    tbody = d.elem("TBody", info)
    for row, (label, value) in enumerate([("Organisation", "Test Police Service"), ("Team", "Online Investigation Team")]):
        y = 712 - row * 13
        tr = d.elem("TR", tbody)
        th = d.elem("TH", tr, A=Dictionary(O=Name.Table, Scope=Name.Row))
        b.tagged(th, b.text(50, y, 9, label))
        td = d.elem("TD", tr)
        b.tagged(td, b.text(140, y, 9, value))
    h2 = d.elem("H3" if variant == "heading-skip" else "H2", doc)
    b.tagged(h2, b.text(50, 660, 13, "Spend"))
    b.artifact(b"0.6 w 50 655 m 545 655 l S\n", b"<</Type /Layout>>")
    table = d.elem("Table", doc)
    thead = d.elem("THead", table)
    tr = d.elem("TR", thead)
    for x, label in [(50, "Category"), (300, "YTD actual")]:
        attrs = Dictionary(O=Name.Table) if variant == "th-no-scope" and x == 300 else \
            Dictionary(O=Name.Table, Scope=Name.Column)
        th = d.elem("TH", tr, A=attrs)
        b.tagged(th, b.text(x, 632, 9, label))
    b.artifact(b"0.4 w 50 626 m 545 626 l S\n", b"<</Type /Layout>>")
    tbody = d.elem("TBody", table)
    # a row whose header wraps onto two lines beside a one-line value
    tr = d.elem("TR", tbody)
    th = d.elem("TH", tr, A=Dictionary(O=Name.Table, Scope=Name.Row))
    b.tagged(th, b.lines(50, 612, 9, 11, ["Staff overtime and", "allowances"]))
    td = d.elem("TD", tr)
    b.tagged(td, b.text(300, 612, 9, "£33,846"))
    tr = d.elem("TR", tbody)
    th = d.elem("TH", tr, A=Dictionary(O=Name.Table, Scope=Name.Row))
    b.tagged(th, b.text(50, 584, 9, "Travel"))
    td = d.elem("TD", tr)
    b.tagged(td, b.text(300, 584, 9, "£1,200"))
    if variant == "cell-misordered":
        # the value read before its row header, in the last row
        tr.K = Array([tr.K[1], tr.K[0]])
    # two charts side by side
    charts = [(50, "Spend by month", "Spend by month, 2020/21: April £9,700; May £11,800; June £12,346.",
               [30, 50, 70]),
              (310, "Arrests by month", "Arrests by month, 2020/21: April 2; May 4; June 3.", [20, 60, 40])]
    figs = []
    for n, (x0, title, alt, bars) in enumerate(charts):
        extra = {} if (variant == "missing-alt" and n == 1) else {"Alt": String(alt)}
        fig = d.elem("Figure", doc, **extra)
        figs.append(fig)
        draw = b"0.08 0.19 0.38 rg\n" + b"".join(
            f"{x0 + 20 + k * 60} 420 40 {h} re f\n".encode() for k, h in enumerate(bars)) + b"0 g\n"
        b.tagged(fig, draw, tag="Figure")
        labels = b.text(x0, 530, 10, title) + b"".join(
            b.text(x0 + 28 + k * 60, 405, 8, m) for k, m in enumerate(["Apr", "May", "Jun"]))
        b.tagged(fig, labels, tag="Figure")
    if variant == "mcid-twice":
        # the second chart's element also claims the first chart's bars (MCID of fig 0)
        figs[1].K = Array([figs[0].K[0]] + list(figs[1].K))
    # ---- page 2
    b = builders[1]
    furniture(b, 2)
    h2 = d.elem("H2", doc)
    b.tagged(h2, b.text(50, 760, 13, "Commentary"))
    p1 = d.elem("P", doc)
    b.tagged(p1, b.lines(50, 735, 10, 13, ["The unit has spent more than its profile: overtime was",
                                           "paid for two operations."]))
    p2 = d.elem("P", doc)
    b.tagged(p2, b.text(50, 700, 10, "Travel is below profile."))
    if variant == "misordered":
        k = doc.K
        i1 = [objkey(x) for x in k].index(objkey(p1))
        k[i1], k[i1 + 1] = k[i1 + 1], k[i1]
    if variant == "untagged-text":
        b.raw(b.text(50, 680, 10, "Stray text"))
    if variant == "unbalanced-emc":
        b.raw(b"EMC\n")

    # pages, contents, ParentTree
    nums = []
    for i, (bld, pg) in enumerate(zip(builders, page_dicts)):
        pg.Contents = pdf.make_stream(b"".join(bld.ops))
        pdf.pages.append(pikepdf.Page(pg))
        nums += [i, pdf.make_indirect(Array(bld.mcids))]
    # pdf.pages.append copies the page dictionaries: point /Pg at the copies
    real = {objkey(pg): pdf.pages[i].obj for i, pg in enumerate(page_dicts)}
    for e in all_elems(doc):
        if "/Pg" in e and objkey(e.Pg) in real:
            e.Pg = real[objkey(e.Pg)]
    d.struct_root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    d.struct_root.ParentTreeNextKey = 2
    root = pdf.Root
    root.StructTreeRoot = d.struct_root
    root.MarkInfo = Dictionary(Marked=True)
    root.ViewerPreferences = Dictionary(DisplayDocTitle=variant != "displaydoctitle-false")
    if variant != "no-lang":
        root.Lang = String("en-GB")
    pdf.trailer.Info = pdf.make_indirect(Dictionary(
        Title=String(TITLE), Author=String(AUTHOR), Subject=String(SUBJECT), Creator=String(CREATOR),
        Producer=String(PRODUCER), CreationDate=String(DATE_PDF), ModDate=String(DATE_PDF)))
    md = pdf.make_stream(xmp(variant))
    md.Type = Name.Metadata
    md.Subtype = Name.XML
    root.Metadata = md
    if variant != "no-outputintent":
        with open(ICC, "rb") as fh:
            icc = pdf.make_stream(fh.read())
        icc.N = 3
        root.OutputIntents = Array([Dictionary(
            Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=String("sRGB IEC61966-2.1"),
            Info=String("sRGB IEC61966-2.1"), DestOutputProfile=icc)])
    twin = TWIN if variant != "twin-differs" else TWIN.replace(b"3504600", b"3504601")
    ef = pdf.make_stream(twin)
    ef.Type = Name.EmbeddedFile
    ef.Subtype = Name("/application/json")
    ef.Params = Dictionary(Size=len(twin), ModDate=String(DATE_PDF))
    fs = pdf.make_indirect(Dictionary(Type=Name.Filespec, F=String("twin.json"), UF=String("twin.json"),
                                      Desc=String("The figures of this report"), EF=Dictionary(F=ef, UF=ef)))
    if variant != "af-no-relationship":
        fs.AFRelationship = Name.Data
    root.AF = Array([fs])
    root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array([String("twin.json"), fs])))
    return pdf


def objkey(o):
    return o.objgen if o.is_indirect else id(o)


def all_elems(e, seen=None):
    seen = seen if seen is not None else set()
    if objkey(e) in seen:
        return
    seen.add(objkey(e))
    yield e
    for k in e.K:
        if isinstance(k, Dictionary) and "/S" in k:
            yield from all_elems(k, seen)


def xmp(variant):
    title = TITLE if variant != "xmp-title-differs" else TITLE.replace("June", "July")
    uaid = "" if variant == "no-pdfuaid" else "   <pdfuaid:part>1</pdfuaid:part>\n"
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{AUTHOR}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{SUBJECT}</rdf:li></rdf:Alt></dc:description>
   <xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>
   <xmp:CreateDate>{DATE_XMP}</xmp:CreateDate>
   <xmp:ModifyDate>{DATE_XMP}</xmp:ModifyDate>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
{uaid}   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode("utf-8")


def main():
    if len(sys.argv) != 2:
        print("usage: make_fixtures.py OUTDIR", file=sys.stderr)
        return 2
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "good.json"), "wb") as fh:
        fh.write(TWIN)
    with open(os.path.join(out, "expected.tsv"), "w") as tsv:
        for name, (checkpoint, extra) in VARIANTS.items():
            pdf = build(name)
            # a fixed /ID (static_id) keeps the fixtures byte-reproducible
            pdf.save(os.path.join(out, name + ".pdf"), static_id=True, force_version="1.7")
            tsv.write(f"{name}\t{checkpoint}\t{extra}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
