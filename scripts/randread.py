# randread.py FILE [FILE...] N SEED: N timed 4 KiB preads at random 4 KiB-aligned offsets (the same
# offsets for every file), then the same offsets again; prints one line per FILE, in order:
# "cold_p50 cold_p99 warm_p50 warm_p99" in microseconds.
# With several files the reads alternate between them, offset by offset (which file goes first
# rotates), so that every file meets the same moments of the disk: on a shared VM disk, latency
# drifts by 2x within minutes, and files read one after the other would be compared across it.
import os, random, sys, time
paths, n, seed = sys.argv[1:-2], int(sys.argv[-2]), int(sys.argv[-1])
if not paths:
    sys.exit("usage: randread.py FILE [FILE...] N SEED")
fds = [os.open(p, os.O_RDONLY) for p in paths]
pages = min(os.fstat(fd).st_size for fd in fds) // 4096
rng = random.Random(seed)
offsets = [rng.randrange(pages) * 4096 for _ in range(n)]
def run():
    lat = [[] for _ in fds]
    clock = time.perf_counter_ns
    k = len(fds)
    for i, off in enumerate(offsets):
        for j in range(k):
            f = (i + j) % k
            t0 = clock()
            b = os.pread(fds[f], 4096, off)
            t1 = clock()
            if len(b) != 4096:
                sys.exit("%s: short read at %d: %d bytes" % (paths[f], off, len(b)))
            lat[f].append(t1 - t0)
    out = []
    for l in lat:
        l.sort()
        pct = lambda p: l[max(0, -(-len(l) * p // 100) - 1)] / 1000.0
        out.append((pct(50), pct(99)))
    return out
cold = run()
warm = run()
for fd in fds:
    os.close(fd)
for (c50, c99), (w50, w99) in zip(cold, warm):
    print("%.1f %.1f %.1f %.1f" % (c50, c99, w50, w99))
