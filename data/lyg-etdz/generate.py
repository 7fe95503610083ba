#!/usr/bin/env python3
"""Generate the ILLUSTRATIVE hcgis data set for the Lianyungang Economic & Technological Development Zone
(连云港经济技术开发区).

THIS IS NOT SURVEY DATA.  Only the names and NBS statistical codes of the three sub-districts
(320771001 中云街道, 320771002 猴嘴街道, 320771003 朝阳街道; source: /work/shared/data/lianyungang-admin,
modood/Administrative-divisions-of-China, WTFPL, NBS 统计用区划代码 2023) are real.  Boundaries, population,
built-up area, facilities, roads and the river are invented so that every hcgis indicator has something to
compute on a realistic-looking but made-up zone.

Writes, next to this script (GeoJSON, RFC 7946: WGS 84 lon/lat, 7 decimals, CCW exterior rings, UTF-8):
  districts.geojson  3 sub-districts (name, code, pop, pop60, communities, type), sharing borders exactly
  builtup.geojson    overlapping built-up blobs (id, name)
  water.geojson      a river polygon that the streets cross only at bridges (name)
  parks.geojson      25 parks (id, name), sports.geojson  20 sports grounds (id, name)
  roads.geojson      a perturbed street grid split into OSM-like ways that share junction vertices, with
                     bridges over the river and one flyover that crosses a street without a junction
  toilets.geojson    150 toilets (id, name, class, cleaners); exactly 2 lie just outside every district
  fitness.geojson    80 fitness sites (id, name, kind), residents.geojson  ~3000 points (id, pop, pop60)
and, for the plan indicators that count facilities or flags rather than measure geometry:
  communities.geojson  one point per 社区/村 office (urban/rural type, home-care centre, GP studio, vector-control
                       demonstration, healthy village/community flags)
  clinics.geojson      社区卫生服务中心/站 and 村卫生室 (GPs, public-health staff, TCM and vaccination flags)
  eldercare.geojson    care homes and standardised home-care centres (beds)
  markets.geojson      farmers' markets (standardised flag),  trails.geojson  health trails (LineStrings)
districts.geojson also carries two plain counts: food_samples and healthy_enterprises.

How: all geometry is built in a local metric plane (east/north metres around 119.25°E 34.63°N, an
equirectangular approximation with the WGS 84 radii of curvature at that latitude), checked with asserts
(closed, simple, counter-clockwise rings; districts assembled from shared border arcs; no road crossings
other than at shared vertices except the one flyover; per-district population sums by point-in-polygon on the
rounded output coordinates), then converted to lon/lat.  One random.Random(20201) drives the first nine
files; the community-level layers, added later, draw from their own random.Random(20202) only after those are
written, so adding them changed none of the earlier files.  The residents' pop60 (aged 60+), added last, draws
from its own random.Random(20203) after everything else is computed and only rewrites residents.geojson with
that property added.  Running it again re-creates identical files.
Only the Python standard library is used.

Usage:  python3 data/lyg-etdz/generate.py        (no arguments)
"""
import json
import math
import os
import random

SEED = 20201
SEED2 = 20202  # the second stream: communities, clinics, eldercare, markets, trails
LON0, LAT0 = 119.25, 34.63
OUT = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(SEED)

# ---------------------------------------------------------------- local metric frame <-> lon/lat
_A, _E2 = 6378137.0, 0.00669437999014
_S = math.sin(math.radians(LAT0))
M_LAT = math.radians(1) * _A * (1 - _E2) / (1 - _E2 * _S * _S) ** 1.5  # metres per degree of latitude
M_LON = math.radians(1) * _A / math.sqrt(1 - _E2 * _S * _S) * math.cos(math.radians(LAT0))


def ll(p):
    """Local metres -> (lon, lat) rounded to 7 decimals (about 1 cm)."""
    return (round(LON0 + p[0] / M_LON, 7), round(LAT0 + p[1] / M_LAT, 7))


def xy(q):
    """(lon, lat) -> local metres."""
    return ((q[0] - LON0) * M_LON, (q[1] - LAT0) * M_LAT)


# ---------------------------------------------------------------- plane geometry (rings are open lists)
def signed_area(ring):
    return sum(ring[k - 1][0] * ring[k][1] - ring[k][0] * ring[k - 1][1] for k in range(len(ring))) / 2


def inside(p, ring):
    """Even-odd ray casting."""
    x, y = p
    c = False
    j = len(ring) - 1
    for i in range(len(ring)):
        (xi, yi), (xj, yj) = ring[i], ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            c = not c
        j = i
    return c


def orient(a, b, c):
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def seg_x(a, b, c, d):
    """Do the closed segments ab and cd intersect (touching counts)?"""
    d1, d2, d3, d4 = orient(c, d, a), orient(c, d, b), orient(a, b, c), orient(a, b, d)
    if d1 * d2 < 0 and d3 * d4 < 0:
        return True

    def on(p, q, r):
        return min(p[0], q[0]) <= r[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= r[1] <= max(p[1], q[1])
    return (d1 == 0 and on(c, d, a)) or (d2 == 0 and on(c, d, b)) or (d3 == 0 and on(a, b, c)) or \
        (d4 == 0 and on(a, b, d))


def seg_dist(p, a, b):
    dx, dy = b[0] - a[0], b[1] - a[1]
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def ring_dist(p, ring):
    return min(seg_dist(p, ring[k - 1], ring[k]) for k in range(len(ring)))


def is_simple(ring):
    """No two non-adjacent edges of the (open) ring touch."""
    n = len(ring)
    return not any(seg_x(ring[i], ring[(i + 1) % n], ring[j], ring[(j + 1) % n])
                   for i in range(n) for j in range(i + 2, n) if not (i == 0 and j == n - 1))


def centroid(ring):
    return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))


class Poly:
    """A simple polygon in local metres, stored counter-clockwise, with a bounding box for fast rejection."""

    def __init__(self, ring, **props):
        assert len(ring) >= 3 and is_simple(ring), props
        self.ring = ring if signed_area(ring) > 0 else ring[::-1]
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        self.bbox = (min(xs), min(ys), max(xs), max(ys))
        self.props = props
        self.area = signed_area(self.ring)

    def contains(self, p):
        b = self.bbox
        return b[0] <= p[0] <= b[2] and b[1] <= p[1] <= b[3] and inside(p, self.ring)

    def radius(self):
        c = centroid(self.ring)
        return max(math.dist(c, p) for p in self.ring)


def jag(p, q, levels, amp):
    """Irregular line from p to q (both included) by midpoint displacement (offset up to amp x length)."""
    pts = [p, q]
    for _ in range(levels):
        new = [pts[0]]
        for a, b in zip(pts, pts[1:]):
            length = math.dist(a, b)
            t = rng.uniform(-amp, amp) * length
            nx, ny = -(b[1] - a[1]) / length, (b[0] - a[0]) / length
            new += [((a[0] + b[0]) / 2 + nx * t, (a[1] + b[1]) / 2 + ny * t), b]
        pts = new
    return pts


def blob(c, target_area, n=32, irr=0.22):
    """Star-shaped irregular polygon (hence simple) around c, scaled to target_area m²."""
    amps = [rng.uniform(0, irr) for _ in range(3)]
    phases = [rng.uniform(0, 2 * math.pi) for _ in range(3)]
    unit = []
    for k in range(n):
        t = 2 * math.pi * k / n
        f = 1 + sum(a * math.sin((h + 2) * t + ph) for h, (a, ph) in enumerate(zip(amps, phases)))
        f *= rng.uniform(0.95, 1.05)
        unit.append((f * math.cos(t), f * math.sin(t)))
    s = math.sqrt(target_area / signed_area(unit))
    return [(c[0] + s * x, c[1] + s * y) for x, y in unit]


def rect(c, target_area, ratio, ang):
    w = math.sqrt(target_area * ratio)
    h = target_area / w
    ca, sa = math.cos(ang), math.sin(ang)
    return [(c[0] + u * ca - v * sa, c[1] + u * sa + v * ca)
            for u, v in ((-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2))]


def cn(n):
    """Chinese numeral for 1..99."""
    d = '零一二三四五六七八九'
    if n < 10:
        return d[n]
    return (d[n // 10] if n >= 20 else '') + '十' + (d[n % 10] if n % 10 else '')


# ---------------------------------------------------------------- districts from shared arcs
# Control points of the zone outline, counter-clockwise; A, B, C are where the inner borders meet it.
CTRL = [(6200, -300), (5600, 2600), (3800, 4200), (1200, 4700), (-800, 4400), (-3500, 4100),
        (-5500, 3000), (-6200, 500), (-5800, -2200), (-4600, -4300), (-1500, -4800), (1800, -4600),
        (4300, -3600), (5900, -2000)]
IC, IA, IB = 0, 4, 10
T = (-1600, -300)  # the triple point where all three districts meet
dense, ctrl_at = [], []
for k, p in enumerate(CTRL):
    ctrl_at.append(len(dense))
    dense += jag(p, CTRL[(k + 1) % len(CTRL)], 3, 0.1)[:-1]
OUTLINE = Poly(dense)


def outline_path(k1, k2):
    i, j, n = ctrl_at[k1], ctrl_at[k2], len(dense)
    return [dense[m % n] for m in range(i, j + 1 if j > i else j + n + 1)]


arc_a, arc_b, arc_c = (jag(T, CTRL[k], 4, 0.1) for k in (IA, IB, IC))
DIST_SPECS = [  # name, code, short name, type, ring, population range
    ('中云街道', '320771001', '中云', 'urban',
     outline_path(IC, IA) + arc_a[::-1][1:] + arc_c[1:-1], (76000, 89000)),
    ('猴嘴街道', '320771002', '猴嘴', 'urban',
     outline_path(IA, IB) + arc_b[::-1][1:] + arc_a[1:-1], (60000, 72000)),
    ('朝阳街道', '320771003', '朝阳', 'mixed',
     outline_path(IB, IC) + arc_c[::-1][1:] + arc_b[1:-1], (50000, 60000)),
]
D = []
for name, code, short, typ, ring, (lo, hi) in DIST_SPECS:
    assert signed_area(ring) > 0, name
    pop = rng.randint(lo, hi)
    D.append(Poly(ring, name=name, code=code, pop=pop, pop60=round(pop * rng.uniform(0.15, 0.20)),
                  communities=rng.randint(*{'urban': (13, 18), 'mixed': (17, 22)}[typ]), type=typ,
                  short=short))
    assert 15e6 < D[-1].area < 40e6, (name, D[-1].area)
assert abs(sum(d.area for d in D) - OUTLINE.area) < 1.0  # the three tile the zone: no gap, no overlap


def district_of(p, margin=0.0):
    """Index of the district containing p at least `margin` m inside its border, else None."""
    for k, d in enumerate(D):
        if d.contains(p):
            return k if margin == 0 or ring_dist(p, d.ring) >= margin else None
    return None


# ---------------------------------------------------------------- river (a line of no roads)
RIVER_C = [(x, 1700 + 0.12 * x + 450 * math.sin(x / 2300 + 0.7) + 120 * math.sin(x / 800 + 2.0))
           for x in range(-7800, 7301, 100)]
left, right = [], []
for k, p in enumerate(RIVER_C):
    a, b = RIVER_C[max(k - 1, 0)], RIVER_C[min(k + 1, len(RIVER_C) - 1)]
    length = math.dist(a, b)
    nx, ny = -(b[1] - a[1]) / length, (b[0] - a[0]) / length
    half = 28 + 6 * math.sin(k / 7)
    left.append((p[0] + nx * half, p[1] + ny * half))
    right.append((p[0] - nx * half, p[1] - ny * half))
WATER = Poly(right + left[::-1], name='示意河（虚构河道）')


def crosses_water(a, b):
    r = WATER.ring
    return WATER.contains(a) or WATER.contains(b) or \
        any(seg_x(a, b, r[k - 1], r[k]) for k in range(len(r)))


def river_dist(p):
    return min(seg_dist(p, a, b) for a, b in zip(RIVER_C, RIVER_C[1:]))


# ---------------------------------------------------------------- built-up area (blobs may overlap)
BUILTUP_SPECS = [((2600, 1300), 11.0e6), ((1000, 3000), 3.5e6), ((4400, -500), 2.6e6), ((-3400, 900), 6.5e6),
                 ((-1500, -1900), 2.0e6), ((1400, -2800), 2.2e6), ((3300, -2200), 0.8e6)]
BUILTUP = [Poly(blob(c, a, 40, 0.18), id=k + 1) for k, (c, a) in enumerate(BUILTUP_SPECS)]
HOTSPOTS = [(2500, 1000), (-3300, 800), (1400, -2700), (1000, 3100)]


def in_any(p, polys):
    return any(q.contains(p) for q in polys)


def in_builtup(p):
    return in_any(p, BUILTUP)


def random_in(bbox, pred, tries=100000):
    for _ in range(tries):
        p = (rng.uniform(bbox[0], bbox[2]), rng.uniform(bbox[1], bbox[3]))
        if pred(p):
            return p
    raise RuntimeError('no point found')


# ---------------------------------------------------------------- parks (25) and sports grounds (20)
PARKS, SPORTS = [], []


def clear_of(ring, polys, gap):
    c, r = centroid(ring), max(math.dist(centroid(ring), p) for p in ring)
    return all(math.dist(c, centroid(q.ring)) > r + q.radius() + gap for q in polys)


def place(target_area, shape, others, want=None):
    """A park or sports ground inside the built-up part of one district (index `want` if given), away from
    the river and from the polygons in `others`."""
    allowed = [want] if want is not None else range(len(D))
    while True:
        c = random_in(OUTLINE.bbox, lambda p: in_builtup(p) and district_of(p, 60) in allowed)
        ring = shape(c, target_area)
        k = district_of(c)
        if all(D[k].contains(p) and ring_dist(p, D[k].ring) > 20 for p in ring) and \
                river_dist(c) > max(math.dist(c, p) for p in ring) + 40 and clear_of(ring, others, 30):
            return ring


def park_shape(c, a):
    return rect(c, a, rng.uniform(1.2, 2.0), rng.uniform(0, math.pi)) if a < 5000 or rng.random() < 0.3 \
        else blob(c, a, 28, 0.2)


# a central park straddling the 中云 / 朝阳 border (on the middle vertex of arc T-C)
PARKS.append(blob(arc_c[len(arc_c) // 2], 150000, 28, 0.15))
# sizes (m²): 3 pocket parks < 2000, 4 of 2000-5000, 11 of 0.5-10 ha, 4 of > 10 ha (+ 3 special ones);
# the large ones go to chosen districts (0 中云, 1 猴嘴, 2 朝阳), the others wherever the dice fall
BIG_PARKS = {88000: 0, 120000: 2, 160000: 1, 300000: 0, 620000: 0}
for a in [1300, 1600, 1850, 2400, 3100, 3900, 4700, 6500, 9000, 14000, 18000, 26000, 35000, 48000, 55000,
          62000, 75000] + list(BIG_PARKS):
    PARKS.append(place(a, park_shape, [Poly(r) for r in PARKS], BIG_PARKS.get(a)))
# two overlapping pairs: an extension overlapping the 8.8 ha park, a pocket park overlapping the 1.8 ha one
for base, a in ((18, 30000), (11, 1500)):
    c0, r0, k0 = centroid(PARKS[base]), Poly(PARKS[base]).radius(), district_of(centroid(PARKS[base]))
    others = [Poly(r) for m, r in enumerate(PARKS) if m != base]
    while True:
        ang = rng.uniform(0, 2 * math.pi)
        ring = blob((c0[0] + 0.85 * r0 * math.cos(ang), c0[1] + 0.85 * r0 * math.sin(ang)), a, 24, 0.1)
        if all(D[k0].contains(p) and ring_dist(p, D[k0].ring) > 20 for p in ring) and clear_of(ring, others, 30) \
                and river_dist(centroid(ring)) > Poly(ring).radius() + 40 \
                and any(inside(p, PARKS[base]) for p in ring):
            PARKS.append(ring)
            break
PARKS = [Poly(r, id=k + 1) for k, r in enumerate(PARKS)]
assert any(D[0].contains(p) for p in PARKS[0].ring) and any(D[2].contains(p) for p in PARKS[0].ring)
assert not any(crosses_water(a, b) for pk in PARKS for a, b in zip(pk.ring, pk.ring[1:]))
areas = [p.area for p in PARKS]
assert sum(a < 2000 for a in areas) >= 3 and sum(2000 <= a < 5000 for a in areas) >= 4 and \
    sum(a > 100000 for a in areas) >= 4


BIG_SPORTS = [(52000, 0, '开发区体育中心'), (38000, 1, '猴嘴体育中心'), (30000, 2, '朝阳体育中心'),
              (24000, 0, '中云全民健身中心')]  # area m², district, name; then 16 school grounds
for a, want, _ in BIG_SPORTS + [(rng.uniform(6000, 16000), None, None) for _ in range(16)]:
    SPORTS.append(Poly(place(a, lambda c, a: rect(c, a, rng.uniform(1.4, 1.9), rng.uniform(0, math.pi)),
                             PARKS + SPORTS, want), id=len(SPORTS) + 1))


# ---------------------------------------------------------------- street grid
TH = math.radians(8)  # the grid is turned 8° anticlockwise


def g2w(u, v):
    return (u * math.cos(TH) - v * math.sin(TH), u * math.sin(TH) + v * math.cos(TH))


def steps(lo, hi):
    out = [lo]
    while out[-1] < hi:
        out.append(out[-1] + rng.uniform(250, 400))
    return out


US, VS = steps(-8800, 8800), steps(-7000, 7000)
I0 = min(range(len(US)), key=lambda i: abs(US[i]))
J0 = min(range(len(VS)), key=lambda j: abs(VS[j]))


def line_class(k, k0):
    d = k - k0
    return 'primary' if d == 0 else 'secondary' if d % 6 == 0 else 'tertiary' if d % 3 == 0 else 'residential'


NODES = {}
for i, u in enumerate(US):
    for j, v in enumerate(VS):
        p = g2w(u + rng.uniform(-35, 35), v + rng.uniform(-35, 35))
        if (OUTLINE.contains(p) or ring_dist(p, OUTLINE.ring) < 120) and not WATER.contains(p) \
                and ring_dist(p, WATER.ring) > 20:
            NODES[(i, j)] = p
EDGES, crossings = {}, []
for (i, j) in sorted(NODES):
    for (i2, j2), cls in (((i + 1, j), line_class(j, J0)), ((i, j + 1), line_class(i, I0))):
        if (i2, j2) not in NODES:
            continue
        a, b = NODES[(i, j)], NODES[(i2, j2)]
        m = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        if crosses_water(a, b):
            crossings.append(((i, j), (i2, j2), cls, m))
        elif cls != 'residential' or rng.random() > (0.07 if in_builtup(m) else 0.25):
            big_park = any(pk.area >= 10000 and pk.contains(m) for pk in PARKS)
            EDGES[((i, j), (i2, j2))] = {'highway': 'footway' if big_park else cls}
# bridges: every primary/secondary N-S street that reaches the river inside the zone, plus one footbridge
BRIDGES = [c for c in crossings if c[0][0] == c[1][0] and OUTLINE.contains(c[3])]
minor = [c for c in BRIDGES if c[2] == 'residential' and abs(c[3][0]) < 4000 and  # a footbridge between
         ((c[0][0], c[0][1] - 1), c[0]) in EDGES and (c[1], (c[1][0], c[1][1] + 1)) in EDGES]  # two streets
BRIDGES = [c for c in BRIDGES if c[2] in ('primary', 'secondary')] + [rng.choice(minor)]
for a, b, cls, m in BRIDGES:
    EDGES[(a, b)] = {'highway': cls if cls in ('primary', 'secondary') else 'footway', 'bridge': 'yes'}
assert 4 <= len(BRIDGES) <= 8
# names: N-S streets 经N路 (west to east), E-W streets 纬N路 (south to north), residential ones unnamed
col_names, row_names = {}, {}
for names, axis, k0, prefix in ((col_names, 0, I0, '经'), (row_names, 1, J0, '纬')):
    used = sorted({e[0][axis] for e in EDGES if e[0][axis] == e[1][axis] and
                   line_class(e[0][axis], k0) != 'residential'})
    for n, k in enumerate(used):
        names[k] = prefix + cn(n + 1) + '路'
for (a, b), e in EDGES.items():
    name = col_names.get(a[0]) if a[0] == b[0] else row_names.get(a[1])
    if e.get('bridge'):
        e['name'] = name + '桥' if name else '人行桥'
    elif name and e['highway'] != 'footway':
        e['name'] = name
# the flyover: one N-S street rises over an E-W street near the 中云 centre; no junction there
cands = [(i, j) for (i, j) in NODES if all(k in EDGES and EDGES[k]['highway'] != 'footway' and not
         EDGES[k].get('bridge') for k in (((i, j), (i, j + 1)), ((i, j + 1), (i, j + 2)),
                                          ((i, j + 1), (i + 1, j + 1)), ((i - 1, j + 1), (i, j + 1))))
         and line_class(i, I0) in ('secondary', 'tertiary')]
fi, fj = min(cands, key=lambda n: math.dist(NODES[(n[0], n[1] + 1)], (3000, 600)))
fly_cls = EDGES.pop(((fi, fj), (fi, fj + 1)))['highway']
EDGES.pop(((fi, fj + 1), (fi, fj + 2)))
p0, p3, eu = NODES[(fi, fj)], NODES[(fi, fj + 2)], g2w(80, 0)
FLYOVER = [p0] + [(p0[0] + t * (p3[0] - p0[0]) + eu[0], p0[1] + t * (p3[1] - p0[1]) + eu[1])
                  for t in (0.2, 0.8)] + [p3]
# diagonal footpaths across blocks that lie in a park, or across a few ordinary blocks
DIAGS = []
for (i, j) in sorted(NODES):
    quad = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
    if all(q in NODES for q in quad) and i != fi and not crosses_water(NODES[(i, j)], NODES[(i + 1, j + 1)]):
        c = centroid([NODES[q] for q in quad])
        if in_any(c, PARKS) or (in_builtup(c) and rng.random() < 0.02):
            DIAGS.append(((i, j), (i + 1, j + 1)))


def build_ways():
    """Split each grid line into OSM-like ways; every junction the way passes is one of its vertices."""
    ways = []
    lines = [[(i, j) for j in range(len(VS))] for i in range(len(US))] + \
            [[(i, j) for i in range(len(US))] for j in range(len(VS))]
    for line in lines:
        cur = None
        for a, b in zip(line, line[1:]):
            e = EDGES.get((a, b))
            if e is None:
                cur = None
                continue
            if cur and cur['props'] == e and len(cur['nodes']) <= cur['max'] and not e.get('bridge'):
                cur['nodes'].append(b)
            else:
                cur = {'props': e, 'nodes': [a, b], 'max': rng.randint(3, 8)}
                ways.append(cur)
    out = [([ll(NODES[n]) for n in w['nodes']], dict(w['props'])) for w in ways]
    out += [([ll(NODES[a]), ll(NODES[b])], {'highway': 'footway'}) for a, b in DIAGS]
    out.append(([ll(p) for p in FLYOVER], {'highway': fly_cls, 'name': (col_names.get(fi) or '示意') + '高架',
                                           'bridge': 'yes', 'layer': 1}))
    return out


WAYS = build_ways()


def check_roads():
    """Segments meet only at shared vertices, except the flyover's single crossing; river only at bridges."""
    segs = [(xy(a), xy(b), a, b, k) for k, (coords, _) in enumerate(WAYS) for a, b in zip(coords, coords[1:])]
    cells = {}
    for s, (a, b, *_rest) in enumerate(segs):
        for cx in range(int(min(a[0], b[0]) // 400), int(max(a[0], b[0]) // 400) + 1):
            for cy in range(int(min(a[1], b[1]) // 400), int(max(a[1], b[1]) // 400) + 1):
                cells.setdefault((cx, cy), []).append(s)
    fly, seen, fly_x = len(WAYS) - 1, set(), []
    for members in cells.values():
        for x, s in enumerate(members):
            for t in members[x + 1:]:
                if (s, t) in seen:
                    continue
                seen.add((s, t))
                (a, b, la, lb, ka), (c, d, lc, ld, kb) = segs[s], segs[t]
                if {la, lb} & {lc, ld}:
                    continue
                if seg_x(a, b, c, d):
                    assert fly in (ka, kb) and ka != kb, ('roads cross without a junction', la, lb, lc, ld)
                    fly_x.append((s, t))
    assert len(fly_x) == 1, fly_x
    for a, b, la, lb, k in segs:
        assert not crosses_water(a, b) or WAYS[k][1].get('bridge') == 'yes', (la, lb)


check_roads()

# ---------------------------------------------------------------- residents (~3000 building clusters)
N_RES, RURAL_SHARE = 3000, {'中云': 0.05, '猴嘴': 0.12, '朝阳': 0.35}
TOTAL = sum(d.props['pop'] for d in D)


def res_ok(p, k):
    return D[k].contains(p) and ring_dist(p, D[k].ring) > 5 and not in_any(p, PARKS) and not WATER.contains(p) \
        and not in_any(p, SPORTS)


RESIDENTS = []
for k, d in enumerate(D):
    n = round(N_RES * d.props['pop'] / TOTAL)
    n_rural = round(n * RURAL_SHARE[d.props['short']])
    pts, weights = [], []
    while len(pts) < n - n_rural:  # built-up: denser near the hot spots
        p = random_in(d.bbox, lambda q: in_builtup(q) and res_ok(q, k))
        near = min(math.dist(p, h) for h in HOTSPOTS)
        if rng.random() < 0.3 + 0.7 * math.exp(-(near / 1500) ** 2):
            pts.append(p)
            weights.append(rng.uniform(0.4, 1.6) * (1.6 if near < 1200 else 1.0))
    villages = [random_in(d.bbox, lambda q: res_ok(q, k) and not in_builtup(q) and ring_dist(q, d.ring) > 300)
                for _ in range(max(2, n_rural // 25))]
    while len(pts) < n:  # villages: tight clusters outside the built-up area
        v = rng.choice(villages)
        p = (rng.gauss(v[0], 110), rng.gauss(v[1], 110))
        if res_ok(p, k):
            pts.append(p)
            weights.append(rng.uniform(0.3, 0.9))
    s = sum(weights)
    raw = [d.props['pop'] * w / s for w in weights]
    pops = [int(r) for r in raw]
    for m in sorted(range(n), key=lambda m: (pops[m] - raw[m], m))[:d.props['pop'] - sum(pops)]:
        pops[m] += 1
    assert sum(pops) == d.props['pop'] and min(pops) >= 1
    RESIDENTS += list(zip(pts, pops))

# ---------------------------------------------------------------- toilets (150; exactly 2 outside every district)
CLASSES = ['一类'] * 15 + ['二类'] * 37 + ['三类'] * 83 + ['三类以下'] * 15
rng.shuffle(CLASSES)
T_QUOTA = {'中云': (100, 3), '猴嘴': (30, 3), '朝阳': (10, 2)}  # (in built-up, outside built-up)
TOILETS = []  # (point, district index)
for k, d in enumerate(D):
    for want_bu, count in ((True, T_QUOTA[d.props['short']][0]), (False, T_QUOTA[d.props['short']][1])):
        for _ in range(count):  # at least 150 m apart, not in the river or on a sports ground
            TOILETS.append((random_in(d.bbox, lambda q: district_of(q, 5) == k and in_builtup(q) == want_bu and
                                      not WATER.contains(q) and not in_any(q, SPORTS) and
                                      all(math.dist(q, t) > 150 for t, _ in TOILETS)), k))
for target, k in (((-6200, 500), 1), ((1800, -4600), 2)):  # just beyond the west and south edges
    m = min(range(len(dense)), key=lambda m: math.dist(dense[m], target))
    a, b = dense[m - 1], dense[(m + 1) % len(dense)]
    length = math.dist(a, b)
    off = rng.uniform(60, 140)
    p = (dense[m][0] + (b[1] - a[1]) / length * off, dense[m][1] - (b[0] - a[0]) / length * off)
    assert district_of(p) is None and ring_dist(p, OUTLINE.ring) > 30 and not WATER.contains(p)
    TOILETS.append((p, k))
assert len(TOILETS) == len(CLASSES) == 150
assert sum(not in_builtup(p) for p, _ in TOILETS) >= 8


def cleaners(cls):
    return {'一类': rng.choice([1, 2]), '二类': 1, '三类': int(rng.random() < 0.45), '三类以下': 0}[cls]


# ---------------------------------------------------------------- fitness sites (80)
FITNESS = []  # (point, kind, name)
for s in SPORTS[:len(BIG_SPORTS)]:  # one in each large sports ground
    FITNESS.append((centroid(s.ring), '体育中心'))
ACCEPT = {'中云': 1.0, '猴嘴': 0.75, '朝阳': 0.45}
for kind, count, gap in (('多功能运动场', 14, 400), ('健身点', 62, 150)):
    while sum(f[1] == kind for f in FITNESS) < count:
        base = rng.choice(RESIDENTS)[0]
        ang, r = rng.uniform(0, 2 * math.pi), rng.uniform(20, 120)
        p = (base[0] + r * math.cos(ang), base[1] + r * math.sin(ang))
        k = district_of(p, 5)
        if k is not None and rng.random() < ACCEPT[D[k].props['short']] and not WATER.contains(p) \
                and all(math.dist(p, f[0]) > gap for f in FITNESS):
            FITNESS.append((p, kind))

# ---------------------------------------------------------------- names, GeoJSON output, final checks
_counters = {}


def name_of(prefix):
    _counters[prefix] = _counters.get(prefix, 0) + 1
    return prefix + str(_counters[prefix])


def short_at(p):
    k = district_of(p)
    return D[k].props['short'] if k is not None else '开发区'


def poly_geom(ring):
    r = [list(ll(p)) for p in ring]
    r.append(r[0])
    back = [xy(q) for q in r[:-1]]
    assert r[0] == r[-1] and signed_area(back) > 0 and is_simple(back)
    return {'type': 'Polygon', 'coordinates': [r]}


def point_geom(p):
    return {'type': 'Point', 'coordinates': list(ll(p))}


def feature(geom, props):
    return {'type': 'Feature', 'properties': props, 'geometry': geom}


def write(fname, feats):
    with open(os.path.join(OUT, fname), 'w', encoding='utf-8', newline='\n') as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        f.write(',\n'.join(json.dumps(x, ensure_ascii=False, separators=(',', ':')) for x in feats))
        f.write('\n]}\n')


def park_name(pk):
    s = short_at(centroid(pk.ring))
    if pk.props['id'] == 1:
        return '中央公园'
    return name_of(s + ('口袋公园' if pk.area < 2000 else '街头绿地' if pk.area < 10000 else '公园'))


# two plain yearly counts per district (no geometry behind them; the designed outcomes are in README.md):
# food sample batches tested (中云 ≈ 6.5, 猴嘴 ≈ 4.2, 朝阳 ≈ 3.1 per 1000 residents; zone target 6, city 3)
# and new healthy enterprises (zone total 13 against the target 15)
FOOD_PER_1000 = {'中云': 6.5, '猴嘴': 4.2, '朝阳': 3.1}
HEALTHY_ENTERPRISES = {'中云': 7, '猴嘴': 4, '朝阳': 2}
for d in D:
    d.props['food_samples'] = round(d.props['pop'] * FOOD_PER_1000[d.props['short']] / 1000)
    d.props['healthy_enterprises'] = HEALTHY_ENTERPRISES[d.props['short']]
write('districts.geojson', [feature(poly_geom(d.ring), {k: v for k, v in d.props.items() if k != 'short'})
                            for d in D])
write('builtup.geojson', [feature(poly_geom(b.ring), {'id': b.props['id'], 'name': '建成区' + str(b.props['id'])})
                          for b in BUILTUP])
write('water.geojson', [feature(poly_geom(WATER.ring), {'name': WATER.props['name']})])
PARK_NAMES = [park_name(pk) for pk in PARKS]
write('parks.geojson', [feature(poly_geom(pk.ring), {'id': pk.props['id'], 'name': nm})
                        for pk, nm in zip(PARKS, PARK_NAMES)])
SPORT_NAMES = [BIG_SPORTS[k][2] if k < len(BIG_SPORTS) else name_of(short_at(centroid(s.ring)) + '学校运动场')
               for k, s in enumerate(SPORTS)]
write('sports.geojson', [feature(poly_geom(s.ring), {'id': s.props['id'], 'name': nm})
                         for s, nm in zip(SPORTS, SPORT_NAMES)])
write('roads.geojson', [feature({'type': 'LineString', 'coordinates': [list(c) for c in coords]},
                                dict({'id': k + 1}, **props)) for k, (coords, props) in enumerate(WAYS)])
write('toilets.geojson', [feature(point_geom(p), {'id': n + 1, 'name': name_of(D[k].props['short'] + '公厕'),
                                                  'class': c, 'cleaners': cleaners(c)})
                          for n, ((p, k), c) in enumerate(zip(TOILETS, CLASSES))])
write('fitness.geojson', [feature(point_geom(p), {'id': n + 1, 'kind': kind, 'name': SPORT_NAMES[n]
                                                  if kind == '体育中心' else name_of(short_at(p) + kind)})
                          for n, (p, kind) in enumerate(FITNESS)])
write('residents.geojson', [feature(point_geom(p), {'id': n + 1, 'pop': pop})
                            for n, (p, pop) in enumerate(RESIDENTS)])

# population sums, re-checked on the rounded lon/lat exactly as written
with open(os.path.join(OUT, 'districts.geojson'), encoding='utf-8') as f:
    dist_ll = [(ft['properties'], [tuple(c) for c in ft['geometry']['coordinates'][0][:-1]])
               for ft in json.load(f)['features']]
with open(os.path.join(OUT, 'residents.geojson'), encoding='utf-8') as f:
    res_ll = [(tuple(ft['geometry']['coordinates']), ft['properties']['pop']) for ft in json.load(f)['features']]
for props, ring in dist_ll:
    assert sum(pop for q, pop in res_ll if inside(q, ring)) == props['pop'], props['name']
    assert sum(1 for q, _ in res_ll if inside(q, ring)) > 0
assert all(sum(inside(q, ring) for _, ring in dist_ll) == 1 for q, _ in res_ll)
for fname, n_out in (('toilets.geojson', 2), ('fitness.geojson', 0)):  # exactly 2 toilets outside every district
    with open(os.path.join(OUT, fname), encoding='utf-8') as f:
        pts = [tuple(ft['geometry']['coordinates']) for ft in json.load(f)['features']]
    assert sum(not any(inside(q, ring) for _, ring in dist_ll) for q in pts) == n_out, fname


# ---------------------------------------------------------------- community-level layers (the second random stream)
# Communities, clinics, eldercare, markets and trails draw only from rng2, and only after the nine files above are
# written, so those files are the same as before these layers existed.  The per-district counts and flags below
# are DESIGNED (see README.md for the indicator outcomes they give); the dice only place the points and decide
# which community or clinic carries which flag.
rng2 = random.Random(SEED2)

COMMUNITY_PLAN = {  # per district: how many communities of each type, and how many of them carry each flag
    '中云': dict(urban=14, rural=0, homecare=(12, 0), gp_studio=3, vector_demo=4, healthy_village=0,
               healthy_community=3),
    '猴嘴': dict(urban=15, rural=0, homecare=(11, 0), gp_studio=3, vector_demo=3, healthy_village=0,
               healthy_community=1),
    '朝阳': dict(urban=8, rural=9, homecare=(6, 4), gp_studio=1, vector_demo=2, healthy_village=3,
               healthy_community=0),
}
COMMUNITY_NAMES = {  # invented two-character names: (urban pool, rural pool)
    '中云': ('云台 海棠 东园 港湾 秀园 新城 振兴 文苑 滨河 锦华 花园 蓝湾 翠苑 金港 兴业 和平'.split(), []),
    '猴嘴': ('盐河 西苑 南山 北固 青松 柳园 东方 利民 幸福 朝晖 桃李 民主 建设 光明 安居 春晖 晨光'.split(), []),
    '朝阳': ('朝东 阳光 紫荆 长青 富康 育才 新华 怡景 凤鸣'.split(),
           '后庄 张圩 王集 西河 前进 大岭 沙河 李庄 刘湾 孙庄 东湖'.split()),
}
# clinics per district: the 社区卫生服务中心 (GPs, public-health staff), then its 社区卫生服务站, each
# (GPs, public-health staff, 中医阁, vaccination clinic, standardised vaccination clinic)
CLINIC_PLAN = {
    '中云': ((13, 28), [(3, 4, 1, 1, 1), (3, 3, 1, 0, 0), (2, 4, 0, 0, 0), (3, 4, 0, 0, 0)]),
    '猴嘴': ((13, 29), [(3, 4, 1, 1, 0), (2, 4, 0, 0, 0), (3, 3, 0, 0, 0), (2, 4, 0, 0, 0)]),
    '朝阳': ((10, 22), [(3, 3, 1, 1, 1), (2, 3, 0, 0, 0)]),
}
# 村卫生室 (one per rural community): how many of them have a GP, a 中医阁, TCM services; 1 staff each
VILLAGE_CLINIC_PLAN = dict(gps=5, tcm_pavilion=4, tcm_service=8)
CARE_HOME_BEDS = {'中云': [260, 180, 120, 100], '猴嘴': [200, 160, 90], '朝阳': [240, 160]}
CARE_HOME_NAMES = ['颐养院', '康养中心', '敬老院', '福寿园']
MARKET_PLAN = [('中云', 1), ('中云', 0), ('猴嘴', 1), ('朝阳', 0)]  # (district, standardised)


def free_spot(q, k):
    """q lies 30 m or more inside district k, and not in the river, a park or a sports ground."""
    return district_of(q, 30) == k and not WATER.contains(q) and not in_any(q, PARKS) and not in_any(q, SPORTS)


def near(p, rmin, rmax, k, extra=lambda q: True):
    """A free spot in district k at rmin..rmax m from p."""
    for _ in range(10000):
        ang, r = rng2.uniform(0, 2 * math.pi), rng2.uniform(rmin, rmax)
        q = (p[0] + r * math.cos(ang), p[1] + r * math.sin(ang))
        if free_spot(q, k) and extra(q):
            return q
    raise RuntimeError('no free spot near %s' % (p,))


def spread(cands, n, k, taken=(), extra=lambda q: True, tries=15):
    """n spots near candidate positions of district k, each the best of `tries` random candidates, i.e. the one
    farthest from the spots already taken (Mitchell's best-candidate sampling): offices spread out evenly."""
    out = []
    for _ in range(n):
        best = None
        for _ in range(tries):
            q = near(rng2.choice(cands), 10, 40, k, extra)
            gap = min((math.dist(q, t) for t in list(taken) + out), default=math.inf)
            if best is None or gap > best[0]:
                best = (gap, q)
        out.append(best[1])
    return out


def flags(items, n):
    """A set of n items chosen at random."""
    return set(rng2.sample(items, n))


# ---- communities: urban offices among the built-up resident points, rural ones at the villages
COMMUNITIES = []  # dicts: p, k (district index), district, type, short (name), unit (社区/村), name, five flags
for k, d in enumerate(D):
    s, plan = d.props['short'], COMMUNITY_PLAN[d.props['short']]
    assert plan['urban'] + plan['rural'] == d.props['communities'], s
    res_k = [p for p, _ in RESIDENTS if district_of(p, 100) == k]
    urban = spread([p for p in res_k if in_builtup(p)], plan['urban'], k, extra=in_builtup)
    rural = spread([p for p in res_k if not in_builtup(p)], plan['rural'], k, taken=urban,
                   extra=lambda q: not in_builtup(q))
    pools = COMMUNITY_NAMES[s]
    names = rng2.sample(pools[0], plan['urban']) + rng2.sample(pools[1], plan['rural'])
    members = []
    for p, typ, nm in zip(urban + rural, ['urban'] * len(urban) + ['rural'] * len(rural), names):
        unit = '社区' if typ == 'urban' else '村'
        members.append({'p': p, 'k': k, 'district': d.props['name'], 'type': typ, 'short': nm, 'unit': unit,
                        'name': d.props['name'] + nm + unit})
    urb = [c for c in members if c['type'] == 'urban']
    rur = [c for c in members if c['type'] == 'rural']
    chosen = {'homecare_center': flags(range(len(urb)), plan['homecare'][0]) |
              {len(urb) + m for m in flags(range(len(rur)), plan['homecare'][1])},
              'gp_studio': flags(range(len(urb)), plan['gp_studio']),
              'vector_demo': flags(range(len(urb)), plan['vector_demo']),
              'healthy_village': {len(urb) + m for m in flags(range(len(rur)), plan['healthy_village'])},
              'healthy_community': flags(range(len(urb)), plan['healthy_community'])}
    for m, c in enumerate(members):
        for flag, which in chosen.items():
            c[flag] = int(m in which)
    COMMUNITIES += members
all_names = [c['short'] for c in COMMUNITIES]
assert len(set(all_names)) == len(all_names) == sum(d.props['communities'] for d in D)
assert all(in_builtup(c['p']) == (c['type'] == 'urban') for c in COMMUNITIES)

# ---- clinics: a centre and stations near urban communities, a village clinic near each rural community
CLINICS = []  # dicts: p, name, kind and the attributes written
for k, d in enumerate(D):
    (c_gps, c_staff), stations = CLINIC_PLAN[d.props['short']]
    urb = [c for c in COMMUNITIES if c['k'] == k and c['type'] == 'urban']
    hosts = rng2.sample(urb, 1 + len(stations))  # the centre's community, then the stations'
    CLINICS.append({'p': near(hosts[0]['p'], 80, 250, k, in_builtup), 'name': d.props['name'] + '社区卫生服务中心',
                    'kind': '社区卫生服务中心', 'gps': c_gps, 'public_health_staff': c_staff, 'tcm_pavilion': 1,
                    'tcm_service': 1, 'vaccination_clinic': 1, 'vaccination_standard': 1})
    for host, (gps, staff, pavilion, vacc, vacc_std) in zip(hosts[1:], stations):
        CLINICS.append({'p': near(host['p'], 40, 150, k), 'name': host['short'] + '社区卫生服务站',
                        'kind': '社区卫生服务站', 'gps': gps, 'public_health_staff': staff, 'tcm_pavilion': pavilion,
                        'tcm_service': 1, 'vaccination_clinic': vacc, 'vaccination_standard': vacc_std})
    rur = [c for c in COMMUNITIES if c['k'] == k and c['type'] == 'rural']
    chosen = {f: flags(range(len(rur)), n) for f, n in VILLAGE_CLINIC_PLAN.items()} if rur else {}
    for m, host in enumerate(rur):
        CLINICS.append({'p': near(host['p'], 30, 120, k), 'name': host['short'] + '村卫生室', 'kind': '村卫生室',
                        'gps': int(m in chosen['gps']), 'public_health_staff': 1,
                        'tcm_pavilion': int(m in chosen['tcm_pavilion']),
                        'tcm_service': int(m in chosen['tcm_service']), 'vaccination_clinic': 0,
                        'vaccination_standard': 0})
assert all(math.dist(a['p'], b['p']) > 30 for m, a in enumerate(CLINICS) for b in CLINICS[m + 1:])

# ---- eldercare: care homes (beds as designed), and a home-care centre beside each community that has one
ELDERCARE = []  # dicts: p, name, kind, beds, community
for k, d in enumerate(D):
    res_k = [p for p, _ in RESIDENTS if district_of(p, 100) == k]
    homes = spread(res_k, len(CARE_HOME_BEDS[d.props['short']]), k)
    for n, (p, beds) in enumerate(zip(homes, CARE_HOME_BEDS[d.props['short']])):
        ELDERCARE.append({'p': p, 'name': d.props['short'] + CARE_HOME_NAMES[n], 'kind': '养老机构', 'beds': beds,
                          'community': ''})
for c in COMMUNITIES:
    if c['homecare_center']:
        ELDERCARE.append({'p': near(c['p'], 40, 150, c['k']), 'name': c['short'] + c['unit'] + '居家养老服务中心',
                          'kind': '居家养老服务中心', 'beds': rng2.randint(0, 10), 'community': c['name']})

# ---- farmers' markets, each near an urban community, as far as possible from the district's other market
MARKETS = []  # dicts: p, name, standardised
for s, std in MARKET_PLAN:
    urb = [c for c in COMMUNITIES if D[c['k']].props['short'] == s and c['type'] == 'urban']
    host = max(rng2.sample(urb, 6), key=lambda c: min((math.dist(c['p'], m['p']) for m in MARKETS), default=0))
    MARKETS.append({'p': near(host['p'], 60, 200, host['k'], in_builtup), 'name': host['short'] + '农贸市场',
                    'standardised': std})


# ---- health trails: along the river banks, round the larger parks, round a few street blocks, and one
# greenway north from 中央公园 to the river
def bank(side, extra, x0, x1):
    """The river bank `side` (+1 north, -1 south) shifted `extra` m off the water, from x0 to x1 (m), kept 60 m
    inside the zone."""
    pts = []
    for k, p in enumerate(RIVER_C):
        a, b = RIVER_C[max(k - 1, 0)], RIVER_C[min(k + 1, len(RIVER_C) - 1)]
        length = math.dist(a, b)
        off = side * (28 + 6 * math.sin(k / 7) + extra)  # the half-width as for WATER, plus `extra`
        q = (p[0] - (b[1] - a[1]) / length * off, p[1] + (b[0] - a[0]) / length * off)
        if x0 <= p[0] <= x1 and OUTLINE.contains(q) and ring_dist(q, OUTLINE.ring) > 60:
            pts.append(q)
    return pts


def park_loop(pk, scale=0.7):
    """The park's outline shrunk towards its centre: a closed loop inside the park."""
    c = centroid(pk.ring)
    loop = [(c[0] + scale * (p[0] - c[0]), c[1] + scale * (p[1] - c[1])) for p in pk.ring]
    assert all(pk.contains(p) for p in loop), pk.props
    return loop + loop[:1]


def block_loop(target, a, b):
    """A closed walk round a × b street blocks of the grid, the one nearest `target` that lies 40 m inside the
    zone and does not cross the river; every street corner it passes is a vertex."""
    def ring(i, j):
        return [(i + m, j) for m in range(a)] + [(i + a, j + m) for m in range(b)] + \
               [(i + a - m, j + b) for m in range(a)] + [(i, j + b - m) for m in range(b)]
    whole = [n for n in NODES if all(q in NODES for q in ring(*n))]
    for n in sorted(whole, key=lambda n: math.dist(centroid([NODES[q] for q in ring(*n)]), target)):
        pts = [NODES[q] for q in ring(*n)] + [NODES[n]]
        if all(district_of(p, 40) is not None for p in pts) and \
                not any(crosses_water(p, q) for p, q in zip(pts, pts[1:])):
            return pts
    raise RuntimeError('no block loop near %s' % (target,))


def greenway():
    """North along the grid column through 中央公园, from two nodes south of the park to the river's edge."""
    c = centroid(PARKS[0].ring)
    i, j = min(NODES, key=lambda n: math.dist(NODES[n], c))
    j -= 2
    pts = []
    while (i, j) in NODES and district_of(NODES[(i, j)], 40) is not None and \
            not (pts and crosses_water(pts[-1], NODES[(i, j)])):
        pts.append(NODES[(i, j)])
        j += 1
    return pts


BIG_PARK_IDS = [1, 23, 22, 21]  # 中央公园 (on the 中云/朝阳 border), 中云's two largest parks, 猴嘴's largest
TRAILS = [('滨河健康步道（南岸）', bank(-1, 35, -6000, 5400)), ('滨河健康步道（北岸）', bank(1, 35, 0, 3000))]
TRAILS += [(PARK_NAMES[pid - 1] + '环园步道', park_loop(PARKS[pid - 1])) for pid in BIG_PARK_IDS]
TRAILS += [('猴嘴健康环线', block_loop((-3300, -400), 3, 2)), ('猴嘴—朝阳健康环线', block_loop((-1550, -1900), 2, 2)),
           ('朝阳健康环线', block_loop((1400, -2750), 3, 2)), ('中云北健康环线', block_loop((1000, 3300), 2, 2)),
           ('中央绿廊健康步道', greenway())]
for nm, line in TRAILS:
    assert len(line) >= 2, nm
    assert not any(crosses_water(a, b) for a, b in zip(line, line[1:])), nm


def line_km_by_district(line, step=2.0):
    """Length (km) of the line in each district, by classifying pieces of at most `step` m by their midpoint."""
    km = [0.0] * len(D)
    for a, b in zip(line, line[1:]):
        n = max(1, math.ceil(math.dist(a, b) / step))
        for m in range(n):
            k = district_of((a[0] + (b[0] - a[0]) * (m + 0.5) / n, a[1] + (b[1] - a[1]) * (m + 0.5) / n))
            assert k is not None
            km[k] += math.dist(a, b) / n / 1000
    return km


TRAIL_KM = [line_km_by_district(line) for _, line in TRAILS]


# ---- write, then check on the rounded coordinates as written: every new feature lies inside the districts
def point_layer(fname, items, keys):
    write(fname, [feature(point_geom(it['p']), dict({'id': n + 1}, **{key: it[key] for key in keys}))
                  for n, it in enumerate(items)])


point_layer('communities.geojson', COMMUNITIES, ['name', 'district', 'type', 'homecare_center', 'gp_studio',
                                                 'vector_demo', 'healthy_village', 'healthy_community'])
point_layer('clinics.geojson', CLINICS, ['name', 'kind', 'gps', 'public_health_staff', 'tcm_pavilion', 'tcm_service',
                                         'vaccination_clinic', 'vaccination_standard'])
point_layer('eldercare.geojson', ELDERCARE, ['name', 'kind', 'beds', 'community'])
point_layer('markets.geojson', MARKETS, ['name', 'standardised'])
write('trails.geojson', [feature({'type': 'LineString', 'coordinates': [list(ll(p)) for p in line]},
                                 {'id': n + 1, 'name': nm}) for n, (nm, line) in enumerate(TRAILS)])


def read_layer(fname):
    with open(os.path.join(OUT, fname), encoding='utf-8') as f:
        return [(ft['properties'], ft['geometry']['coordinates']) for ft in json.load(f)['features']]


def district_ll(q):
    """The name of the (written) district containing the lon/lat point q; exactly one must."""
    hits = [props['name'] for props, ring in dist_ll if inside(tuple(q), ring)]
    assert len(hits) == 1, q
    return hits[0]


NEW = {f: read_layer(f) for f in ('communities.geojson', 'clinics.geojson', 'eldercare.geojson', 'markets.geojson',
                                  'trails.geojson')}
for fname in ('communities.geojson', 'clinics.geojson', 'eldercare.geojson', 'markets.geojson'):
    for props, q in NEW[fname]:
        where = district_ll(q)
        assert fname != 'communities.geojson' or where == props['district'], props
for props, coords in NEW['trails.geojson']:
    for q in coords:
        district_ll(q)
    pts = [xy(q) for q in coords]
    assert not any(seg_x(a, b, OUTLINE.ring[m - 1], OUTLINE.ring[m])
                   for a, b in zip(pts, pts[1:]) for m in range(len(OUTLINE.ring))), props


def community_summary():
    """Per-district figures of the new layers, recomputed from the files as written (README.md quotes them)."""
    where = {f: [(district_ll(q), p) for p, q in NEW[f + '.geojson']]
             for f in ('communities', 'clinics', 'eldercare', 'markets')}
    urban, rural = (lambda p: p['type'] == 'urban'), (lambda p: p['type'] == 'rural')
    for d, km in zip(D, zip(*TRAIL_KM)):
        pp = d.props

        def total(f, key, keep=lambda p: True):
            return sum(p[key] for w, p in where[f] if w == pp['name'] and keep(p))

        def tally(f, key, keep=lambda p: True):
            return f"{total(f, key, keep)}/{sum(w == pp['name'] and keep(p) for w, p in where[f])}"
        gps, staff = total('clinics', 'gps'), total('clinics', 'public_health_staff')
        beds = total('eldercare', 'beds', lambda p: p['kind'] == '养老机构')
        print(f"{pp['name']}: home-care centres {tally('communities', 'homecare_center', urban)} urban, "
              f"{tally('communities', 'homecare_center', rural)} rural; GP studios "
              f"{tally('communities', 'gp_studio', urban)}; vector demos {total('communities', 'vector_demo')}; "
              f"healthy villages {total('communities', 'healthy_village')}, "
              f"communities {total('communities', 'healthy_community')}")
        print(f"  GPs {gps} = {gps / pp['pop'] * 1e4:.2f}/10k; public-health staff {staff} = "
              f"{staff / pp['pop'] * 1e4:.2f}/10k; 中医阁 {tally('clinics', 'tcm_pavilion', lambda p: p['kind'] != '社区卫生服务中心')}"
              f"; village TCM {tally('clinics', 'tcm_service', lambda p: p['kind'] == '村卫生室')}; standardised "
              f"vaccination {tally('clinics', 'vaccination_standard', lambda p: p['vaccination_clinic'])}")
        print(f"  care-home beds {beds} = {beds / pp['pop60'] * 1000:.1f} per 1000 aged 60+; food samples "
              f"{pp['food_samples']} = {pp['food_samples'] / pp['pop'] * 1000:.2f}/1000; healthy enterprises "
              f"{pp['healthy_enterprises']}; standardised markets {tally('markets', 'standardised')}; "
              f"trails {sum(km):.2f} km")


# summary; built-up area per district sampled on a 50 m grid
bu_km2 = [0.0] * len(D)
for gx in range(int(OUTLINE.bbox[0]) // 50, int(OUTLINE.bbox[2]) // 50 + 1):
    for gy in range(int(OUTLINE.bbox[1]) // 50, int(OUTLINE.bbox[3]) // 50 + 1):
        k = district_of((gx * 50 + 25, gy * 50 + 25))
        if k is not None and in_builtup((gx * 50 + 25, gy * 50 + 25)):
            bu_km2[k] += 0.0025
for d, bu in zip(D, bu_km2):
    pp = d.props
    print(f"{pp['name']} {pp['code']} pop={pp['pop']} pop60={pp['pop60']} communities={pp['communities']} "
          f"area={d.area / 1e6:.2f} km² built-up≈{bu:.2f} km²")
print(f'roads: {len(WAYS)} ways, {len(NODES)} grid nodes, {len(BRIDGES)} river bridges; parks {len(PARKS)}, '
      f'sports {len(SPORTS)}, toilets {len(TOILETS)}, fitness {len(FITNESS)}, residents {len(RESIDENTS)}')
print(f"communities {len(COMMUNITIES)}, clinics {len(CLINICS)}, eldercare {len(ELDERCARE)}, markets {len(MARKETS)}, "
      f"trails {len(TRAILS)} ({sum(map(sum, TRAIL_KM)):.2f} km)")
community_summary()


# ---------------------------------------------------------------- residents aged 60+ per point (the third stream)
# Added after everything above is computed and written, and drawing only from its own rng3, so every other file
# and every existing property stays as it was: residents.geojson is simply written again with `pop60` added.
# The share of residents aged 60+ varies between points: higher in the invented old town cores and in a few old
# housing estates, lower in the invented new towns, higher in the villages outside the built-up area, plus some
# noise per point.  Each district's points then share out the district's `pop60` exactly.
SEED3 = 20203  # the third stream: pop60 of the resident points
rng3 = random.Random(SEED3)
OLD_CORES = [(-3300, 800), (1400, -2700), (4400, -500)]  # 猴嘴 and 朝阳 centres, 中云's older south-east quarter
NEW_TOWNS = [(2500, 1000), (1000, 3100)]  # 中云's new centre and the new town north of the river
MAX_SHARE60 = 0.55  # cap on a cluster's share aged 60+ before rounding (rounding up may add under one person)
OLD_ESTATES = [(rng3.choice(RESIDENTS)[0], rng3.uniform(250, 600), rng3.uniform(0.25, 0.5)) for _ in range(12)]


def age_factor(p):
    """Relative propensity of the point's residents to be aged 60+ (about 1 on average; scaled per district)."""
    f = math.exp(0.5 * sum(math.exp(-(math.dist(p, c) / 1500) ** 2) for c in OLD_CORES))
    f *= math.exp(-0.35 * sum(math.exp(-(math.dist(p, c) / 1500) ** 2) for c in NEW_TOWNS))
    f *= math.exp(sum(s * math.exp(-(math.dist(p, c) / r) ** 2) for c, r, s in OLD_ESTATES))
    if not in_builtup(p):
        f *= 1.4  # villages: the young have moved to town
    return f * rng3.lognormvariate(0, 0.2)


AGE = [age_factor(p) for p, _ in RESIDENTS]
POP60 = [0] * len(RESIDENTS)
for k, d in enumerate(D):
    idx = [m for m, (p, _) in enumerate(RESIDENTS) if district_of(p) == k]
    target, pop = d.props['pop60'], [RESIDENTS[m][1] for m in idx]
    share, fixed = [0.0] * len(idx), set()
    while True:  # shares proportional to AGE, scaled to the district's total; cap at MAX_SHARE60 and rescale
        free = [x for x in range(len(idx)) if x not in fixed]
        left = target - sum(MAX_SHARE60 * pop[x] for x in fixed)
        scale = left / sum(pop[x] * AGE[idx[x]] for x in free)
        for x in free:
            share[x] = scale * AGE[idx[x]]
        over = [x for x in free if share[x] > MAX_SHARE60]
        if not over:
            break
        for x in over:
            share[x] = MAX_SHARE60
            fixed.add(x)
    raw = [pop[x] * share[x] for x in range(len(idx))]
    out = [int(r) for r in raw]
    for x in sorted(range(len(idx)), key=lambda x: (out[x] - raw[x], x))[:target - sum(out)]:
        out[x] += 1
    assert sum(out) == target and all(0 <= o <= n for o, n in zip(out, pop)), d.props['name']
    for m, o in zip(idx, out):
        POP60[m] = o
write('residents.geojson', [feature(point_geom(p), {'id': n + 1, 'pop': pop, 'pop60': p60})
                            for n, ((p, pop), p60) in enumerate(zip(RESIDENTS, POP60))])

# re-checked as written: coordinates and pop unchanged, pop60 sums per district on the rounded lon/lat
with open(os.path.join(OUT, 'residents.geojson'), encoding='utf-8') as f:
    res60 = [(tuple(ft['geometry']['coordinates']), ft['properties']) for ft in json.load(f)['features']]
assert [(q, pp['pop']) for q, pp in res60] == res_ll
assert all(0 <= pp['pop60'] <= pp['pop'] for _, pp in res60)
for props, ring in dist_ll:
    inner = [pp for q, pp in res60 if inside(q, ring)]
    p60 = sum(pp['pop60'] for pp in inner)
    assert p60 == props['pop60'], props['name']
    shares = sorted(pp['pop60'] / pp['pop'] for pp in inner)
    print(f"{props['name']}: pop60 {p60} of {props['pop']} = {p60 / props['pop']:.1%} over {len(inner)} points; "
          f"point shares {shares[0]:.1%} min, {shares[len(shares) // 10]:.1%} p10, "
          f"{shares[len(shares) // 2]:.1%} median, {shares[len(shares) * 9 // 10]:.1%} p90, {shares[-1]:.1%} max")
