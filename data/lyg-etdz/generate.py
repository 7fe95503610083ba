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
  fitness.geojson    80 fitness sites (id, name, kind), residents.geojson  ~3000 points (id, pop)

How: all geometry is built in a local metric plane (east/north metres around 119.25°E 34.63°N, an
equirectangular approximation with the WGS 84 radii of curvature at that latitude), checked with asserts
(closed, simple, counter-clockwise rings; districts assembled from shared border arcs; no road crossings
other than at shared vertices except the one flyover; per-district population sums by point-in-polygon on the
rounded output coordinates), then converted to lon/lat.  One random.Random(20201) drives everything, so
running it again re-creates identical files.  Only the Python standard library is used.

Usage:  python3 data/lyg-etdz/generate.py        (no arguments)
"""
import json
import math
import os
import random

SEED = 20201
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


write('districts.geojson', [feature(poly_geom(d.ring), {k: v for k, v in d.props.items() if k != 'short'})
                            for d in D])
write('builtup.geojson', [feature(poly_geom(b.ring), {'id': b.props['id'], 'name': '建成区' + str(b.props['id'])})
                          for b in BUILTUP])
write('water.geojson', [feature(poly_geom(WATER.ring), {'name': WATER.props['name']})])
write('parks.geojson', [feature(poly_geom(pk.ring), {'id': pk.props['id'], 'name': park_name(pk)})
                        for pk in PARKS])
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
