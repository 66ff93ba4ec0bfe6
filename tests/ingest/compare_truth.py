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
  grouping      the events of one truth group share one issue; different groups, different issues
Exit status 0 when every check passes, 1 otherwise.
"""
import argparse
import collections
import glob
import json
import os
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--truth", required=True)
    ap.add_argument("--events", required=True)
    ap.add_argument("--issues", required=True)
    ap.add_argument("--traces", required=True)
    ap.add_argument("--trace-dir", required=True)
    ap.add_argument("--serve-summary", default="")
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

    # grouping: truth group -> issues, issue -> truth groups
    group_issues = collections.defaultdict(set)
    issue_groups = collections.defaultdict(set)
    for r in sent:
        if not r.get("group"):
            continue
        stored = events.get(norm(r["event_id"]))
        if stored is None:
            continue  # already a failure above
        group_issues[r["group"]].add(stored.get("issue_id"))
        issue_groups[stored.get("issue_id")].add(r["group"])
    split = {g: sorted(map(str, i)) for g, i in group_issues.items() if len(i) != 1 or None in i}
    merged = {i: sorted(g) for i, g in issue_groups.items() if len(g) > 1}

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
    grouped = not split and not merged
    print("%-4s %-36s %d truth groups -> %d issues; %d split, %d issues merging groups" % (
        "PASS" if grouped else "FAIL", "grouping", len(group_issues), len(issue_groups), len(split), len(merged)))
    for g, i in sorted(split.items()):
        print("     split: %s -> issues %s" % (g, ", ".join(i)))
    for i, g in sorted(merged.items(), key=lambda kv: str(kv[0])):
        title = issues.get(i, {}).get("title", "")
        print("     merged: issue %s (%s) <- %s" % (i, title, ", ".join(g)))
    print("RESULT: %s (storage %s, grouping %s)" % ("PASS" if stored_ok and grouped else "FAIL",
                                                  "PASS" if stored_ok else "FAIL", "PASS" if grouped else "FAIL"))
    return 0 if stored_ok and grouped else 1


if __name__ == "__main__":
    sys.exit(main())
