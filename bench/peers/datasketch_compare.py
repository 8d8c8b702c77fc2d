#!/usr/bin/env python3
"""copydesk's deduplication side by side with datasketch's MinHashLSH (bench/peers/README.md).

Both run on the same syndication feed (wiregen syndicate) and are scored against the same
truth with the same measures as bench/dedup_eval: duplicate decisions (precision, recall, F1)
and B-cubed story clustering, plus articles/s of fingerprint + decide, single thread,
cleaning excluded.

The texts datasketch sees are copydesk's own clean bodies (its output events), written by
`dedup_eval syndication --texts`; word 3-shingles of lower-cased words, 128 permutations, the
same near-duplicate threshold. The decision rule around the LSH index is copydesk's: the same
article id again is a re-send (same text) or an update (changed text), an identical body is an
exact duplicate, otherwise the best LSH candidate whose estimated Jaccard reaches the threshold
is the article repeated, and the new article joins its story.

Creates its own virtual environment (build/peers-venv, datasketch==2.0.0) on first use.
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV = os.path.join(ROOT, "build", "peers-venv")
DATASKETCH = "datasketch==2.0.0"


def ensure_venv():
    try:
        import datasketch  # noqa: F401
        if datasketch.__version__ == DATASKETCH.split("==")[1]:
            return
    except ImportError:
        pass
    python = os.path.join(VENV, "bin", "python")
    if os.path.abspath(sys.executable) == os.path.abspath(python):
        sys.exit("datasketch_compare: the venv has no " + DATASKETCH)
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    subprocess.check_call([python, "-m", "pip", "install", "-q", DATASKETCH])
    os.execv(python, [python] + sys.argv)


WORD = re.compile(r"\w+")


def shingles(text):
    words = WORD.findall(text.lower())
    return {" ".join(words[i:i + 3]) for i in range(len(words) - 2)}


def read_truth(path):
    truth = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("line\t"):
                continue
            fields = line.rstrip("\n").split("\t")
            truth[int(fields[0])] = (fields[1], fields[2])
    return truth


def decide(items, minhashes, threshold, params=None):
    """Decisions in feed order: list of (line, status, of_line, story)."""
    from datasketch import MinHashLSH
    lsh = MinHashLSH(threshold=threshold, num_perm=128, params=params)
    by_id = {}      # article id -> (key, body digest, story)
    by_body = {}    # body digest -> (key, story)
    stories = {}    # LSH key -> story
    key_line = {}
    out = []
    for (line, aid, text, digest), mh in zip(items, minhashes):
        if aid in by_id:
            key, old_digest, story = by_id[aid]
            status = "url" if old_digest == digest else "update"
            if status == "update":
                # As copydesk does: the id answers with the latest text, and the earlier
                # versions stay in the index (a copy of one is still a copy of the article).
                version_key = "a%d" % line
                key_line[version_key] = key_line[key]
                lsh.insert(version_key, mh)
                cand_minhash[version_key] = mh
                by_id[aid] = (version_key, digest, story)
                by_body.setdefault(digest, (version_key, story))
                stories[version_key] = story
            out.append((line, status, key_line[key], story))
            continue
        key = "a%d" % line
        key_line[key] = line
        if digest in by_body and digest != EMPTY:
            of, story = by_body[digest]
            status, of_line = "exact", key_line[of]
        else:
            best, best_sim = None, -1.0
            for cand in lsh.query(mh):
                sim = mh.jaccard(cand_minhash[cand])
                if sim >= threshold and sim > best_sim:
                    best, best_sim = cand, sim
            if best is not None:
                status, of_line, story = "near", key_line[best], stories[best]
            else:
                status, of_line, story = "new", None, key
        stories[key] = story
        cand_minhash[key] = mh
        lsh.insert(key, mh)
        by_id[aid] = (key, digest, story)
        by_body.setdefault(digest, (key, story))
        out.append((line, status, of_line, story))
    return out, (lsh.b, lsh.r)


cand_minhash = {}
EMPTY = hashlib.blake2b(b"", digest_size=8).digest()


def score(decisions, truth):
    positive = {"republication", "resend", "update"}
    tp = fp = fn = 0
    predicted = {}
    for line, status, of_line, story in decisions:
        predicted[line] = story
        t_story, relation = truth[line]
        repeat = status != "new"
        correct = repeat and of_line is not None and truth[of_line][0] == t_story
        pos = relation in positive
        tp += pos and correct
        fp += repeat and not (pos and correct)
        fn += pos and not correct
    for line in truth:  # lines copydesk rejected: clusters of their own
        predicted.setdefault(line, "rejected:%d" % line)
    p_size, t_size, both = {}, {}, {}
    for line, story in predicted.items():
        t = truth[line][0]
        p_size[story] = p_size.get(story, 0) + 1
        t_size[t] = t_size.get(t, 0) + 1
        both[(story, t)] = both.get((story, t), 0) + 1
    bp = sum(both[(s, truth[l][0])] / p_size[s] for l, s in predicted.items()) / len(predicted)
    br = sum(both[(s, truth[l][0])] / t_size[truth[l][0]] for l, s in predicted.items()) / len(predicted)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    bf1 = 2 * bp * br / (bp + br) if bp + br else 0.0
    return dict(tp=tp, fp=fp, fn=fn, precision=precision, recall=recall, f1=f1,
                b3_precision=bp, b3_recall=br, b3_f1=bf1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feed", required=True, help="NDJSON feed from wiregen syndicate")
    ap.add_argument("--truth", required=True, help="its truth TSV")
    ap.add_argument("--dedup-eval", default=os.path.join(ROOT, "build/release/bench/dedup_eval"))
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--sweep", action="store_true", help="also thresholds 0.3 .. 0.9")
    ap.add_argument("--repeats", type=int, default=3, help="timing runs (best is kept)")
    ap.add_argument("--work", default=os.path.join(ROOT, "build/peers"))
    args = ap.parse_args()
    ensure_venv()
    from datasketch import MinHash
    import datasketch

    os.makedirs(args.work, exist_ok=True)
    texts_path = os.path.join(args.work, "texts.jsonl")
    # copydesk: its decisions, scores and speed, and the clean texts for datasketch.
    cmd = [args.dedup_eval, "syndication", "--feed", args.feed, "--truth", args.truth,
           "--threshold", str(args.threshold), "--texts", texts_path,
           "--speed", str(args.repeats), "--errors", "0"]
    copydesk = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    print("## copydesk (bench/dedup_eval)\n")
    print("$ " + " ".join(cmd) + "\n")
    print(copydesk)

    truth = read_truth(args.truth)
    items = []
    with open(texts_path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            digest = hashlib.blake2b(" ".join(WORD.findall(d["text"].lower())).encode(),
                                     digest_size=8).digest()
            items.append((d["line"], d["id"], d["text"], digest))
    print("## datasketch %s MinHashLSH, %d articles\n" % (datasketch.__version__, len(items)))

    # Speed: fingerprint (shingles + MinHash) and decide (LSH query + insert), best of N.
    best_fp = best_decide = float("inf")
    minhashes = None
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        mhs = []
        for _, _, text, _ in items:
            mh = MinHash(num_perm=128)
            mh.update_batch([s.encode("utf-8") for s in shingles(text)])
            mhs.append(mh)
        t1 = time.perf_counter()
        cand_minhash.clear()
        decisions, banding = decide(items, mhs, args.threshold)
        t2 = time.perf_counter()
        best_fp, best_decide = min(best_fp, t1 - t0), min(best_decide, t2 - t1)
        minhashes = mhs
    n = len(items)
    print("| step | seconds | articles/s |\n|---|---:|---:|")
    print("| fingerprint (shingles, MinHash) | %.4f | %.0f |" % (best_fp, n / best_fp))
    print("| decide (LSH query + insert) | %.4f | %.0f |" % (best_decide, n / best_decide))
    print("| fingerprint + decide | %.4f | %.0f |" % (best_fp + best_decide, n / (best_fp + best_decide)))
    print()

    thresholds = [args.threshold]
    if args.sweep:
        thresholds = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    print("| threshold | LSH bands x rows | TP | FP | FN | precision | recall | F1 | B3 precision | B3 recall | B3 F1 |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for th in thresholds:
        for params in (None, (32, 4)):
            cand_minhash.clear()
            decisions, banding = decide(items, minhashes, th, params)
            s = score(decisions, truth)
            print("| %.1f | %d x %d%s | %d | %d | %d | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |" % (
                th, banding[0], banding[1], " (copydesk's)" if params else " (datasketch's choice)",
                s["tp"], s["fp"], s["fn"], s["precision"], s["recall"], s["f1"],
                s["b3_precision"], s["b3_recall"], s["b3_f1"]))


if __name__ == "__main__":
    main()
