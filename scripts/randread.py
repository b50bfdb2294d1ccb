# randread.py FILE N SEED: N timed 4 KiB preads at random 4 KiB-aligned offsets, then the same
# offsets again; prints "cold_p50 cold_p99 warm_p50 warm_p99" in microseconds.
import os, random, sys, time
path, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
fd = os.open(path, os.O_RDONLY)
pages = os.fstat(fd).st_size // 4096
rng = random.Random(seed)
offsets = [rng.randrange(pages) * 4096 for _ in range(n)]
def run():
    lat = []
    clock = time.perf_counter_ns
    for off in offsets:
        t0 = clock()
        b = os.pread(fd, 4096, off)
        t1 = clock()
        if len(b) != 4096:
            sys.exit("short read at %d: %d bytes" % (off, len(b)))
        lat.append(t1 - t0)
    lat.sort()
    pct = lambda p: lat[max(0, -(-len(lat) * p // 100) - 1)] / 1000.0
    return pct(50), pct(99)
c50, c99 = run()
w50, w99 = run()
os.close(fd)
print("%.1f %.1f %.1f %.1f" % (c50, c99, w50, w99))
