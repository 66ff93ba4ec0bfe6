"""Compares a workspace filled by `stackdeck-cli serve` with the sdk-corpus generators' ground truth.

Used by real-sdk-run.sh. Inputs: the generators' truth/*.jsonl (record shapes in
../shared/tools/sdk-corpus/README.md, "truth/*.jsonl") and the JSON of
`stackdeck-cli events|issues|traces --json` and `trace --json ID` per trace.

Checks, each printed with counts:
  events        every error/message/feedback event the truth records as sent is stored
  transactions  every transaction the truth records is stored
  dropped       the events the truth expects the SDK to drop (before_send, Dedupe) are not stored
  traces        every trace a generator started (truth kind "trace") is in the trace list
  incoming      every trace a service received (truth kind "incoming") is in the trace list
  service spans every span a service recorded (truth kind "service_span") is in its trace
  grouping      the events of one truth group share one issue; different groups, different issues.
                The truth's groups are "same bug" labels, not Sentry's grouping: with --cli and --db,
                a merge or split is looked up in the stored events' grouping inputs (`stackdeck-cli show
                --raw` piped to `stackdeck-cli hash --json`, the variants Sentry's rules make) and is
                "expected" when those explain it: a merge whose events have the same contributing
                input (the same custom fingerprint, or a stack that differs only in what the rules
                leave out, named by the rule's hint), a split whose events have different inputs.
                Only what the inputs do not explain is a FAIL.
Exit status 0 when every check passes, 1 otherwise.
"""
import argparse
import collections
import glob
import json
import os
import subprocess
import sys


def norm(event_id):
    return (event_id or "").replace("-", "").lower()


# generate.sh's order of --truth files for build_manifest.py (which record of an event wins)
TRUTH_ORDER = ["python", "py-inventory-service", "node", "node-static", "node-pricing-service"]


def load_truth(folder):
    """All records, and the event records by event id as build_manifest.py reads them: an event can be
    recorded twice (a scope's processor left over from an earlier scenario); a labelled record wins over
    a fallback one, and a later one over an earlier one."""
    paths = sorted(glob.glob(os.path.join(folder, "*.jsonl")),
                   key=lambda p: (TRUTH_ORDER.index(os.path.basename(p)[:-6])
                                  if os.path.basename(p)[:-6] in TRUTH_ORDER else len(TRUTH_ORDER), p))
    records = []
    by_event = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                rec = json.loads(line)
                records.append(rec)
                if rec.get("kind") == "event":
                    prev = by_event.get(rec["event_id"])
                    if prev is None or not rec.get("fallback"):
                        by_event[rec["event_id"]] = rec
    return records, list(by_event.values())


class Grouping:
    """The grouping inputs of stored events, from `stackdeck-cli hash --json` over `show --raw`."""

    def __init__(self, cli, db):
        self.cli, self.db, self.cache = cli, db, {}

    def of(self, event_id):
        if event_id not in self.cache:
            raw = subprocess.run([self.cli, "show", "--db", self.db, "--raw", event_id],
                                 capture_output=True, check=True).stdout
            out = subprocess.run([self.cli, "hash", "--json", "-"], input=raw, capture_output=True, check=True)
            self.cache[event_id] = json.loads(out.stdout)
        return self.cache[event_id]

    @staticmethod
    def primary(h):
        """(variant name, variant) whose hash is the primary hash."""
        for name, v in sorted(h["variants"].items()):
            if v.get("hash") and v["hash"] == h["primary_hash"]:
                return name, v
        return None, None

    @staticmethod
    def leaves(node, path=""):
        """Leaf components: path -> (values, contributes, hint of the nearest non-contributing one)."""
        out = {}
        counts = collections.Counter()

        def walk(n, p, contributing, hint):
            c = contributing and n.get("contributes", True)
            if not n.get("contributes", True) and n.get("hint") and hint is None:
                hint = n["hint"]
            vals = n.get("values", [])
            if vals and all(isinstance(v, dict) for v in vals):
                for child in vals:
                    cid = child.get("id", "?")
                    counts[(p, cid)] += 1
                    walk(child, "%s/%s[%d]" % (p, cid, counts[(p, cid)] - 1), c, hint)
            else:
                out[p] = (tuple(str(v) for v in vals), c, hint)

        walk(node, path, True, None)
        return out

    def describe(self, name, variant):
        if variant.get("type") == "custom-fingerprint" or "fingerprint" in (name or ""):
            return "same custom fingerprint %s" % json.dumps(variant.get("hash_input"))
        return "same %s grouping input (%d values)" % (name, len(variant.get("hash_input") or []))

    def left_out(self, hashes):
        """What differs between the events but does not contribute: 'leaf (hint)', sorted."""
        found = set()
        names = set.intersection(*(set(h["variants"]) for h in hashes))
        for name in names:
            trees = []
            for h in hashes:
                v = h["variants"][name]
                comp = v.get("component")
                if comp is None:
                    continue
                if not v.get("contributes", True):
                    comp = dict(comp, contributes=False, hint=comp.get("hint") or v.get("hint"))
                trees.append(self.leaves(comp, name))
            if len(trees) < 2:
                continue
            for path in set.union(*(set(t) for t in trees)):
                seen = [t.get(path) for t in trees]
                if len({x[0] if x else None for x in seen}) > 1:
                    for x in seen:
                        if x and not x[1] and x[2]:
                            leaf = path.rsplit("/", 1)[-1].split("[")[0]
                            found.add("%s (%s)" % (leaf, x[2]))
        return sorted(found)

    def explain_merge(self, event_ids):
        """Why events of different truth groups share an issue, or None when the inputs do not say."""
        hashes = [self.of(e) for e in event_ids]
        primaries = [self.primary(h) for h in hashes]
        if any(v is None for _, v in primaries):
            return None
        if len({(n, json.dumps(v.get("hash_input"))) for n, v in primaries}) != 1:
            return None  # different inputs and yet one issue: not what the rules do
        name, variant = primaries[0]
        reason = self.describe(name, variant)
        if variant.get("type") == "custom-fingerprint":
            return reason + ", which takes precedence over their stacks and messages"
        rest = self.left_out(hashes)
        if rest:
            reason += "; they differ only in what the rules leave out: " + ", ".join(rest[:4])
        return reason

    def explain_split(self, event_ids):
        """Why events of one truth group are in different issues, or None when their inputs are the same."""
        primaries = [self.primary(self.of(e)) for e in event_ids]
        inputs = [(n, v.get("hash_input") if v else None) for n, v in primaries]
        if len({json.dumps(i) for i in inputs}) == 1:
            return None
        a, b = inputs[0], next(i for i in inputs if i != inputs[0])
        if a[0] != b[0]:
            return "different grouping variants: %s vs %s" % (a[0], b[0])
        va, vb = a[1] or [], b[1] or []
        k = next((k for k in range(min(len(va), len(vb))) if va[k] != vb[k]), min(len(va), len(vb)))
        return "different %s grouping input at value %d: %r vs %r" % (
            a[0], k, va[k] if k < len(va) else "(end)", vb[k] if k < len(vb) else "(end)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--truth", required=True)
    ap.add_argument("--events", required=True)
    ap.add_argument("--issues", required=True)
    ap.add_argument("--traces", required=True)
    ap.add_argument("--trace-dir", required=True)
    ap.add_argument("--serve-summary", default="")
    ap.add_argument("--cli", default="", help="stackdeck-cli, to read grouping inputs (with --db)")
    ap.add_argument("--db", default="", help="the workspace the events were stored in")
    args = ap.parse_args()

    truth, truth_events = load_truth(args.truth)
    with open(args.events, encoding="utf-8") as f:
        events = {norm(e["event_id"]): e for e in json.load(f)}
    with open(args.issues, encoding="utf-8") as f:
        issues = {i["id"]: i for i in json.load(f)}
    with open(args.traces, encoding="utf-8") as f:
        traces = {t["trace_id"]: t for t in json.load(f)}
    spans_by_trace = {}
    for path in glob.glob(os.path.join(args.trace_dir, "*.json")):
        with open(path, encoding="utf-8") as f:
            tree = json.load(f)
        spans_by_trace[tree["trace_id"]] = {s["span_id"] for s in tree["spans"] if s["span_id"]}

    results = []  # (name, expected, found, missing examples)

    def check(name, wanted, present):
        wanted = list(dict.fromkeys(wanted))
        missing = [w for w in wanted if not present(w)]
        results.append((name, len(wanted), len(wanted) - len(missing), missing))

    sent = [r for r in truth_events if not (r.get("expect") or {}).get("dropped")]
    dropped = [r for r in truth_events if (r.get("expect") or {}).get("dropped")]
    check("events (error, message, feedback)",
          [norm(r["event_id"]) for r in sent if r["event_type"] != "transaction"], lambda i: i in events)
    check("transactions", [norm(r["event_id"]) for r in sent if r["event_type"] == "transaction"],
          lambda i: i in events)
    check("expected drops not stored", [norm(r["event_id"]) for r in dropped], lambda i: i not in events)
    # @sentry/node with traceLifecycle 'static' drops 401/404 (and some 3xx) server transactions by
    # default (sdk-corpus README): a static trace with no event recorded for it sent nothing.
    event_traces = {r.get("trace_id") for r in truth_events}
    started = [r for r in truth if r["kind"] == "trace"]
    unsent = [r for r in started if r.get("trace_lifecycle") == "static" and r["trace_id"] not in event_traces]
    check("traces started by the generators",
          [r["trace_id"] for r in started if r not in unsent], lambda t: t in traces)
    check("traces received by the services",
          [r["incoming_sentry_trace"].split("-")[0] for r in truth
           if r["kind"] == "incoming" and r.get("incoming_sentry_trace")],
          lambda t: t in traces)
    check("service spans in their trace",
          [(r["trace_id"], r["span_id"]) for r in truth if r["kind"] == "service_span"],
          lambda ts: ts[1] in spans_by_trace.get(ts[0], set()))

    # grouping: truth group -> issues, issue -> truth groups (with one event of each pair)
    group_issues = collections.defaultdict(dict)
    issue_groups = collections.defaultdict(dict)
    for r in sent:
        if not r.get("group"):
            continue
        stored = events.get(norm(r["event_id"]))
        if stored is None:
            continue  # already a failure above
        group_issues[r["group"]].setdefault(stored.get("issue_id"), norm(r["event_id"]))
        issue_groups[stored.get("issue_id")].setdefault(r["group"], norm(r["event_id"]))
    split = {g: i for g, i in group_issues.items() if len(i) != 1 or None in i}
    merged = {i: g for i, g in issue_groups.items() if len(g) > 1}
    grouping = Grouping(args.cli, args.db) if args.cli and args.db else None
    unexplained = "(no --cli/--db to read the grouping inputs)"

    def explain(kind, event_ids):
        if grouping is None:
            return None
        try:
            return (grouping.explain_merge if kind == "merge" else grouping.explain_split)(event_ids)
        except (subprocess.CalledProcessError, ValueError, KeyError) as exc:
            print("     could not read the grouping inputs of %s: %s" % (", ".join(event_ids), exc))
            return None

    split_reasons = {g: (None if None in i else explain("split", list(i.values()))) for g, i in split.items()}
    merge_reasons = {i: (None if i is None else explain("merge", list(g.values()))) for i, g in merged.items()}
    if grouping is not None:
        unexplained = "(the grouping inputs do not explain it)"

    print("real SDKs against stackdeck-cli serve")
    if args.serve_summary:
        print("serve:", args.serve_summary)
    print("workspace: %d events (%s), %d issues, %d traces, %d spans" % (
        len(events), ", ".join("%s %d" % kv for kv in sorted(collections.Counter(
            e["type"] for e in events.values()).items())),
        len(issues), len(traces), sum(len(s) for s in spans_by_trace.values())))
    for r in unsent:
        print("     not sent by the SDK (static lifecycle, no event recorded): %s" % r.get("trace_label"))
    ok = True
    for name, expected, found, missing in results:
        passed = found == expected
        ok &= passed
        print("%-4s %-36s %d of %d%s" % ("PASS" if passed else "FAIL", name, found, expected,
                                        "" if passed else "  missing: " + ", ".join(map(str, missing[:5]))))
    stored_ok = ok
    bad_splits = sum(1 for r in split_reasons.values() if r is None)
    bad_merges = sum(1 for r in merge_reasons.values() if r is None)
    grouped = not bad_splits and not bad_merges
    print("%-4s %-36s %d truth groups -> %d issues; %d split, %d issues merging groups; %d unexplained" % (
        "PASS" if grouped else "FAIL", "grouping", len(group_issues), len(issue_groups), len(split), len(merged),
        bad_splits + bad_merges))
    for g, i in sorted(split.items()):
        reason = split_reasons[g]
        print("     %s: %s -> issues %s" % ("expected split (%s)" % reason if reason else "FAIL split " + unexplained,
                                         g, ", ".join(sorted(map(str, i)))))
    for i, g in sorted(merged.items(), key=lambda kv: str(kv[0])):
        title = issues.get(i, {}).get("title", "")
        reason = merge_reasons[i]
        print("     %s: issue %s (%s) <- %s" % ("expected merge (%s)" % reason if reason else "FAIL merge " + unexplained,
                                             i, title, ", ".join(sorted(g))))
    print("RESULT: %s (storage %s, grouping %s)" % ("PASS" if stored_ok and grouped else "FAIL",
                                                  "PASS" if stored_ok else "FAIL", "PASS" if grouped else "FAIL"))
    return 0 if stored_ok and grouped else 1


if __name__ == "__main__":
    sys.exit(main())
