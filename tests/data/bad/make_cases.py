#!/usr/bin/env python3
"""Writes the bad-input cases that need binary files or computed coordinates (shapefiles in GBK, a GBK CSV,
web-map offsets, zip archives, a layer of many fields). Run from this folder with GDAL's ogr2ogr and PROJ's cs2cs on
the PATH; the output is committed. With case names as arguments (`./make_cases.py zip-several-files`) it writes only
those."""
import json, math, os, shutil, subprocess, sys, zipfile

DISTRICTS = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4549"}},
             "features": [
                 {"type": "Feature", "id": 0, "properties": {"name": "甲街道", "code": "A", "pop": 1000},
                  "geometry": {"type": "Polygon", "coordinates": [[[500000, 3800000], [502000, 3800000], [502000, 3802000], [500000, 3802000], [500000, 3800000]]]}},
                 {"type": "Feature", "id": 1, "properties": {"name": "乙街道", "code": "B", "pop": 2000},
                  "geometry": {"type": "Polygon", "coordinates": [[[502000, 3800000], [504000, 3800000], [504000, 3802000], [502000, 3802000], [502000, 3800000]]]}}]}
DFIELDS = {"name": "name", "code": "code", "population": "pop"}


def wanted(name):
    return len(sys.argv) == 1 or name in sys.argv[1:]


def case(name, expect, layers, files):
    shutil.rmtree(name, ignore_errors=True)
    os.makedirs(name)
    for fname, text in files.items():
        with open(os.path.join(name, fname), "w", encoding="utf-8") as f:
            f.write(text)
    with open(os.path.join(name, "project.json"), "w", encoding="utf-8") as f:
        json.dump({"crs": "EPSG:4549", "layers": layers}, f, ensure_ascii=False, indent=1)
    with open(os.path.join(name, "expect.txt"), "w", encoding="utf-8") as f:
        f.write(expect + "\n")


def shapefile(folder, geojson_name, shp_name, encoding, keep_cpg=False, ldid=0):
    """The GeoJSON as a shapefile with text in `encoding`, without its .cpg and with no code page in the DBF
    header (as shapefiles from other departments often come)."""
    subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=" + encoding, os.path.join(folder, shp_name),
                    os.path.join(folder, geojson_name)], check=True)
    os.remove(os.path.join(folder, geojson_name))
    base = os.path.splitext(os.path.join(folder, shp_name))[0]
    if not keep_cpg and os.path.exists(base + ".cpg"):
        os.remove(base + ".cpg")
    with open(base + ".dbf", "r+b") as f:
        f.seek(29)
        f.write(bytes([ldid]))


dj = json.dumps(DISTRICTS, ensure_ascii=False)

# GBK attributes, no .cpg, no code page: detected and decoded, with a warning.
if wanted("gbk-without-cpg"):
    case("gbk-without-cpg", "warning: not UTF-8 but reads as GBK", {"districts": {"source": "districts.shp", "fields": DFIELDS}},
         {"districts.geojson": dj})
    shapefile("gbk-without-cpg", "districts.geojson", "districts.shp", "CP936")

# "encoding": "GBK" declared for a shapefile whose text is UTF-8.
if wanted("wrong-encoding-gbk"):
    case("wrong-encoding-gbk", 'error: declares "encoding": "GBK", but its text is UTF-8',
         {"districts": {"source": "districts.shp", "encoding": "GBK", "fields": DFIELDS}}, {"districts.geojson": dj})
    shapefile("wrong-encoding-gbk", "districts.geojson", "districts.shp", "UTF-8")

# "encoding": "UTF-8" declared for GBK text.
if wanted("wrong-encoding-utf8"):
    case("wrong-encoding-utf8", 'error: field "name" is not valid UTF-8 text',
         {"districts": {"source": "districts.shp", "encoding": "UTF-8", "fields": DFIELDS}}, {"districts.geojson": dj})
    shapefile("wrong-encoding-utf8", "districts.geojson", "districts.shp", "CP936")

# A CSV saved by a Chinese Excel: GBK, detected.
if wanted("gbk-csv"):
    case("gbk-csv", "warning: not UTF-8 but reads as GBK",
         {"districts": {"source": "districts.geojson", "fields": DFIELDS},
          "toilets": {"source": "toilets.csv", "crs": "EPSG:4549", "fields": {"class": "等级"}}},
         {"districts.geojson": dj})
    with open("gbk-csv/toilets.csv", "wb") as f:
        f.write("x,y,等级\n500100,3800100,一类\n502500,3800500,二类\n".encode("gbk"))


# Points copied from a web map (GCJ-02) without "coords": most fall outside, and inside once read as GCJ-02.
def out_of_china(lon, lat):
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def wgs84_to_gcj02(lon, lat):
    a, ee = 6378245.0, 0.00669342162296594323
    x, y = lon - 105.0, lat - 35.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    dlat += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    dlat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    dlat += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    dlon += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    dlon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    dlon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    radlat = lat / 180.0 * math.pi
    magic = 1 - ee * math.sin(radlat) ** 2
    sq = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((a * (1 - ee)) / (magic * sq) * math.pi)
    dlon = (dlon * 180.0) / (a / sq * math.cos(radlat) * math.pi)
    return lon + dlon, lat + dlat


def to_lonlat(points):
    """EPSG:4549 -> EPSG:4326 through cs2cs."""
    text = "".join(f"{y} {x}\n" for x, y in points)  # EPSG:4549 is northing first
    out = subprocess.run(["cs2cs", "-f", "%.9f", "EPSG:4549", "EPSG:4326"], input=text, capture_output=True, text=True,
                         check=True).stdout
    pairs = [line.split()[:2] for line in out.strip().splitlines()]
    return [(float(lon), float(lat)) for lat, lon in pairs]  # EPSG:4326 is latitude first


# True positions 60-150 m inside the east and north edges; GCJ-02 moves them some 500 m, out of the districts.
if wanted("gcj02-undeclared"):
    true_xy = [(503900, 3800500), (503940, 3801000), (503880, 3801500), (501000, 3801900), (503000, 3801930),
               (501000, 3801000)]
    gcj = [wgs84_to_gcj02(lon, lat) for lon, lat in to_lonlat(true_xy)]
    toilets = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": i, "properties": {"class": "二类"}, "geometry": {"type": "Point", "coordinates": [lon, lat]}}
        for i, (lon, lat) in enumerate(gcj)]}
    case("gcj02-undeclared", 'warning: declare "coords": "gcj02"',
         {"districts": {"source": "districts.geojson", "fields": DFIELDS},
          "toilets": {"source": "toilets.geojson", "fields": {"class": "class"}}},
         {"districts.geojson": dj, "toilets.geojson": json.dumps(toilets, ensure_ascii=False)})

# Layers in different CRSs: reprojected, and the report says so.
if wanted("layers-in-two-crs"):
    true_ll = to_lonlat([(500100, 3800100), (502500, 3800500)])
    toilets = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": i, "properties": {"class": "一类"}, "geometry": {"type": "Point", "coordinates": [lon, lat]}}
        for i, (lon, lat) in enumerate(true_ll)]}
    case("layers-in-two-crs", "note: the layers come in 2 CRSs (EPSG:4326: toilets; EPSG:4549: districts)",
         {"districts": {"source": "districts.geojson", "fields": DFIELDS},
          "toilets": {"source": "toilets.geojson", "fields": {"class": "class"}}},
         {"districts.geojson": dj, "toilets.geojson": json.dumps(toilets, ensure_ascii=False)})

# A layer of 50 fields lacking the one the project maps: the message lists 12 of them and counts the rest.
if wanted("many-fields"):
    many = json.loads(dj)
    for feature in many["features"]:
        feature["properties"].update({f"f{i:02d}": i for i in range(4, 51)})
    case("many-fields", "error: the layer has: name, code, pop, f04, f05, f06, f07, f08, f09, f10, f11, f12 and 38 more",
         {"districts": {"source": "districts.geojson", "fields": {"name": "name", "code": "code", "population": "人口"}}},
         {"districts.geojson": json.dumps(many, ensure_ascii=False)})


def zipped(folder, zip_name, members):
    """Writes the zip `zip_name` in `folder` holding `members` (name -> text)."""
    with zipfile.ZipFile(os.path.join(folder, zip_name), "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in members.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), text)


TOILETS = json.dumps({"type": "FeatureCollection", "crs": DISTRICTS["crs"], "features": [
    {"type": "Feature", "id": 0, "properties": {"class": "一类"}, "geometry": {"type": "Point", "coordinates": [500100, 3800100]}}]},
    ensure_ascii=False)

def zip_case(name, expect, members):
    """A case whose toilets come as toilets.zip holding `members` (name -> text)."""
    case(name, expect, {"districts": {"source": "districts.geojson", "fields": DFIELDS},
                        "toilets": {"source": "toilets.zip", "fields": {"class": "class"}}}, {"districts.geojson": dj})
    zipped(name, "toilets.zip", members)


# A zip of two data files given as the source, without "layer" to say which.
if wanted("zip-several-files"):
    zip_case("zip-several-files", 'error: holds 2 data files (toilets-2019.geojson, toilets-2020.geojson); name the one '
             'to read with "layer" (its file name without the extension)',
             {"toilets-2019.geojson": TOILETS, "toilets-2020.geojson": TOILETS})

# A zip that holds no data GDAL reads (the survey's notes instead of its points).
if wanted("zip-without-data"):
    zip_case("zip-without-data", "error: holds no vector data file (it holds: 公厕/README.txt, 公厕/台账.xlsx)",
             {"公厕/README.txt": "The points follow.\n", "公厕/台账.xlsx": "not a spreadsheet"})
