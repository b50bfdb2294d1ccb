# randread.py FILE [FILE...] N SEED: N timed 4 KiB preads at random 4 KiB-aligned offsets (the same
# offsets for every file), then the same offsets again; prints one line per FILE, in order:
# "cold_p50 cold_p99 warm_p50 warm_p99" in microseconds.
# With several files the reads alternate between them, offset by offset (which file goes first
# rotates), so that every file meets the same moments of the disk: on a shared VM disk, latency
# drifts by 2x within minutes, and files read one after the other would be compared across it.
# With "--dump DIR" first, each file's cold latencies (µs, one per line) are also appended to
# DIR/1.txt, DIR/2.txt, ... in the order of the files, so that a caller can pool several runs.
import os, random, sys, time
args = sys.argv[1:]
dump = None
if args[:1] == ["--dump"]:
    dump, args = args[1], args[2:]
paths, n, seed = args[:-2], int(args[-2]), int(args[-1])
if not paths:
    sys.exit("usage: randread.py [--dump DIR] FILE [FILE...] N SEED")
fds = [os.open(p, os.O_RDONLY) for p in paths]
pages = min(os.fstat(fd).st_size for fd in fds) // 4096
rng = random.Random(seed)
offsets = [rng.randrange(pages) * 4096 for _ in range(n)]
def run(record):
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
    for i, l in enumerate(lat):
        if dump is not None and record:
            with open(os.path.join(dump, "%d.txt" % (i + 1)), "a") as f:
                f.write("".join("%.1f\n" % (x / 1000.0) for x in l))
        l.sort()
        pct = lambda p: l[max(0, -(-len(l) * p // 100) - 1)] / 1000.0
        out.append((pct(50), pct(99)))
    return out
cold = run(True)
warm = run(False)
for fd in fds:
    os.close(fd)
for (c50, c99), (w50, w99) in zip(cold, warm):
    print("%.1f %.1f %.1f %.1f" % (c50, c99, w50, w99))
