#!/usr/bin/python3
"""QGIS itself opens the GeoPackages hcgis writes and draws them in hcgis's style.

Usage: check_styles.py HCGIS PROJECT WORKDIR [PG_CONNECTION]

Runs `hcgis export`, `coverage`, `suggest` and `synth` into WORKDIR, then opens each layer with QGIS
(offscreen, python3-qgis) as a user would: the default style of the GeoPackage's layer_styles table must be
loaded, with the renderer hcgis meant (graduatedSymbol for the indicator, categorizedSymbol for toilets by
class and for catchments, singleSymbol with rank labels for suggested sites), and its ranges, colours and
labels must be those of the QML hcgis stored (read here with Python's XML parser, independently of QGIS).
Every style of the export (one per indicator) is loaded too. Given a PostGIS connection ("PG:host=…"),
the same for `export`, `coverage` and `suggest` written to PostGIS: QGIS's postgres provider opens each
table in the default style of public.layer_styles (read here with psql). Prints 'N passed, N failed'.
"""
import os
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import QgsApplication, QgsVectorLayer  # noqa: E402

passed = 0
failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAILED: " + what, file=sys.stderr)


def rgba(text):
    return tuple(int(x) for x in text.split(","))


def colour(symbol):
    c = symbol.color()
    return (c.red(), c.green(), c.blue(), c.alpha())


def stored_styles(gpkg):
    with sqlite3.connect(gpkg) as db:
        rows = db.execute("SELECT f_table_name, styleName, styleQML, useAsDefault, f_table_schema "
                          "FROM layer_styles").fetchall()
    return rows


def expected_symbols(root):
    out = {}
    for s in root.iter("symbol"):
        opts = {o.get("name"): o.get("value") for o in s.iter("Option") if o.get("name")}
        out[s.get("name")] = rgba(opts["color"])
    return out


def check_classes(layer, qml, what, renderer, container, tag, items, same_key):
    """The renderer of `layer` is `renderer`, with the <tag> items under <container> of the QML (in order): the key that
    same_key(item, element) compares, the colour of its symbol and its label."""
    r = layer.renderer()
    check(r is not None and r.type() == renderer, f"{what}: renderer {r.type() if r else None}")
    if r is None or r.type() != renderer:
        return
    root = ET.fromstring(qml)
    symbols = expected_symbols(root)
    want = root.find("renderer-v2").find(container).findall(tag)
    got_items = items(r)
    check(len(got_items) == len(want), f"{what}: {len(got_items)} {tag} items, hcgis has {len(want)}")
    for got, w in zip(got_items, want):
        check(same_key(got, w), f"{what}: {tag} {w.attrib} differs")
        check(colour(got.symbol()) == symbols[w.get("symbol")], f"{what}: colour of {w.get('label')}")
        check(got.label() == w.get("label"), f"{what}: label {got.label()} != {w.get('label')}")


def check_graduated(layer, qml, what):
    check_classes(layer, qml, what, "graduatedSymbol", "ranges", "range", lambda r: r.ranges(),
                  lambda got, w: got.lowerValue() == float(w.get("lower")) and got.upperValue() == float(w.get("upper")))


def check_categorized(layer, qml, what):
    check_classes(layer, qml, what, "categorizedSymbol", "categories", "category", lambda r: r.categories(),
                  lambda got, w: str(got.value()) == w.get("value") or (got.value() in (None, "") and w.get("value") == ""))


def open_layer(gpkg, name):
    layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
    check(layer.isValid(), f"{gpkg}|{name} opens in QGIS")
    return layer


def check_file(gpkg, kinds):
    """kinds: layer name -> expected renderer check."""
    rows = stored_styles(gpkg)
    check(len(rows) > 0, f"{gpkg}: layer_styles holds styles")
    for table, name, qml, default, schema in rows:
        check(schema == "", f"{gpkg}: f_table_schema is ''")
        if not default:
            continue
        layer = open_layer(gpkg, table)  # QGIS loads the default style itself
        kinds[table](layer, qml, f"{os.path.basename(gpkg)}|{table}")
        if kinds[table] is check_sites:
            check(layer.labelsEnabled() and layer.labeling().settings().fieldName == "rank",
                  f"{gpkg}|{table}: labelled by rank")
    # Every other style of the table loads too (QGIS's "Load style" from the database).
    for table, name, qml, default, _ in rows:
        if default:
            continue
        layer = open_layer(gpkg, table)
        ok, msg = layer.importNamedStyle(_doc(qml))
        check(ok, f"{gpkg}|{table} style {name}: {msg}")
        kinds[table](layer, qml, f"{os.path.basename(gpkg)}|{table} style {name}")


def _doc(qml):
    from qgis.PyQt.QtXml import QDomDocument
    d = QDomDocument()
    d.setContent(qml)
    return d


def check_sites(layer, qml, what):
    r = layer.renderer()
    check(r is not None and r.type() == "singleSymbol", f"{what}: renderer {r.type() if r else None}")
    root = ET.fromstring(qml)
    check(colour(r.symbol()) == list(expected_symbols(root).values())[0], f"{what}: colour")


def check_single(layer, qml, what):
    r = layer.renderer()
    check(r is not None and r.type() == "singleSymbol", f"{what}: renderer {r.type() if r else None}")


def pg_styles(conn):
    out = subprocess.run(["psql", "-X", "-At", "-F", "\x1f", "-R", "\x1e", conn, "-c",
                          "SELECT f_table_name, stylename, styleqml::text, useasdefault, f_table_schema FROM layer_styles"],
                         check=True, capture_output=True, text=True).stdout
    rows = []
    for rec in out.split("\x1e"):  # psql ends the last record with a newline
        if rec.strip():
            t, n, q, d, sch = rec.strip("\n").split("\x1f")
            rows.append((t, n, q, d == "t", sch))
    return rows


def check_pg(hcgis, project, pg):
    """hcgis's PostGIS tables open styled through QGIS's postgres provider."""
    conn = pg[3:]
    run(hcgis, "export", project, "--out", pg, "--layer", "qgis_districts", "--overwrite")
    run(hcgis, "coverage", project, "--facility", "parks", "--out", pg, "--layer", "qgis_coverage", "--overwrite")
    run(hcgis, "suggest", project, "--facility", "toilets", "--to-target", "--out", pg, "--layer", "qgis_sites",
        "--overwrite")
    kinds = {"qgis_districts": check_graduated, "qgis_coverage": check_categorized,
             "qgis_coverage_residents": check_categorized, "qgis_sites": check_sites}
    rows = [r for r in pg_styles(conn) if r[0] in kinds]
    check(len([r for r in rows if r[3]]) == len(kinds), f"PostGIS: a default style for each of {sorted(kinds)}")
    for table, name, qml, default, schema in rows:
        check(schema == "public", f"PostGIS {table}: f_table_schema is public")
        if not default:
            continue
        layer = QgsVectorLayer(f"{conn} table=\"{schema}\".\"{table}\" (geom) key='fid'", table, "postgres")
        check(layer.isValid(), f"PostGIS {table} opens in QGIS")
        kinds[table](layer, qml, f"PostGIS {table}")


def run(hcgis, *args):
    subprocess.run([hcgis, *args], check=True, stdout=subprocess.DEVNULL)


def main():
    hcgis, project, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    app = QgsApplication([], False)
    app.initQgis()
    e = os.path.join(work, "export.gpkg")
    run(hcgis, "export", project, "--out", e)
    check_file(e, {"districts": check_graduated})
    c = os.path.join(work, "coverage.gpkg")
    run(hcgis, "coverage", project, "--facility", "parks", "--out", c)
    check_file(c, {"catchments": check_categorized, "residents": check_categorized})
    s = os.path.join(work, "suggest.gpkg")
    run(hcgis, "suggest", project, "--facility", "toilets", "--to-target", "--out", s)
    check_file(s, {"suggested_toilets": check_sites})
    run(hcgis, "synth", "--out", os.path.join(work, "city"), "--districts", "4", "--residents", "500")
    city = os.path.join(work, "city", "city.gpkg")
    check_file(city, {"districts": check_single, "toilets": check_categorized, "fitness": check_categorized,
                      "residents": check_single, "clinics": check_single, "eldercare": check_single,
                      "markets": check_single, "communities": check_single})
    if len(sys.argv) > 4:
        check_pg(hcgis, project, sys.argv[4])
    app.exitQgis()
    print(f"qgis: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
