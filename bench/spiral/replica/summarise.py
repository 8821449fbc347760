import json, sys, glob, random, statistics as st
groups = {}
for f in sys.argv[1:]:
    for line in open(f):
        line = line.strip()
        if not line.startswith('{'): continue
        r = json.loads(line)
        key = r.get('impl', 'odeflow') + ':' + r.get('dtype', r.get('backend', '')) + ':' + r.get('sensitivity', 'direct')
        groups.setdefault(key, []).append(r)
random.seed(1)
for k, rs in groups.items():
    rs.sort(key=lambda r: r['seed'])
    fin = [r['final'] for r in rs]; l5 = [r['last5mean'] for r in rs]; lm = [r['late25median'] for r in rs]
    allLate = [e for r in rs for e in r['evals'][-25:]]
    p = sum(x <= 0.17 for x in fin) / len(fin)
    # chance that a 3-seed median of the final error is <= 0.17, resampling these seeds
    boot = sum(st.median(random.choices(fin, k=3)) <= 0.17 for _ in range(20000)) / 20000
    print(f"{k}: n={len(rs)} seeds {rs[0]['seed']}..{rs[-1]['seed']}")
    print(f"  final: {', '.join(f'{x:.3f}' for x in fin)}")
    print(f"  final median {st.median(fin):.3f}, mean {st.mean(fin):.3f}, min {min(fin):.3f}, max {max(fin):.3f}; P(final<=0.17) {p:.2f}; P(3-seed median<=0.17) {boot:.2f}")
    print(f"  median of seeds 0-2: {st.median(fin[:3]):.3f}")
    print(f"  last-5-eval mean: median {st.median(l5):.3f} (range {min(l5):.3f}-{max(l5):.3f})")
    print(f"  evaluations over iterations 1520-2000, pooled: median {st.median(allLate):.3f}, quartiles {st.quantiles(allLate, n=4)[0]:.3f}/{st.quantiles(allLate, n=4)[2]:.3f}, min {min(allLate):.3f}, max {max(allLate):.3f}")
    print(f"  nfe/iteration {st.median([r['nfe'] for r in rs]):.1f}")
