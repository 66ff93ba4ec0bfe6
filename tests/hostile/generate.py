#!/usr/bin/env python3
"""Writes hostile input files, one per class, for tests/hostile/run.sh.

Each file holds a valid event before and after the hostile part (messages
"hostile-valid-before" and "hostile-valid-after"), so a run can check that
what was valid in the same file was still stored. Sizes are chosen so the
naive cost is large (minutes, gigabytes) while the file stays under 65 MB.

    tests/hostile/generate.py OUT_DIR [--scale 1.0]
"""
import gzip
import json
import os
import sys
import zlib

VALID_BEFORE = {"event_id": "a" * 32, "message": "hostile-valid-before", "level": "error", "platform": "python"}
VALID_AFTER = {"event_id": "b" * 32, "message": "hostile-valid-after", "level": "error", "platform": "python"}


def ndjson(path, middle_lines):
    with open(path, "wb") as f:
        f.write(json.dumps(VALID_BEFORE).encode() + b"\n")
        for line in middle_lines:
            f.write(line if isinstance(line, bytes) else line.encode())
            f.write(b"\n")
        f.write(json.dumps(VALID_AFTER).encode() + b"\n")


def event_with(body: str, event_id: str = "c" * 32) -> str:
    return '{"event_id":"%s","platform":"python",%s}' % (event_id, body)


def main():
    out = sys.argv[1]
    scale = float(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--scale" else 1.0
    os.makedirs(out, exist_ok=True)
    n = lambda x: max(1, int(x * scale))

    # 1. An exception group whose exceptions share ids: a DAG with 2^k paths.
    k = 40
    dag = []
    for i in range(k):
        # two exceptions per level share the id, both children of the previous id
        for twin in range(2):
            mech = {"type": "chained", "is_exception_group": i < k - 1, "exception_id": i, "source": "exceptions"}
            if i:
                mech["parent_id"] = i - 1
            dag.append({"type": "Err%d_%d" % (i, twin), "value": "v", "mechanism": mech})
    ndjson(os.path.join(out, "exception-group-dag.ndjson"), [event_with('"exception":{"values":%s}' % json.dumps(dag))])

    # 2. Millions of empty frames in one stack trace.
    frames = ",".join(["{}"] * n(20_000_000))
    ndjson(os.path.join(out, "million-empty-frames.ndjson"),
           [event_with('"exception":{"values":[{"type":"E","value":"v","stacktrace":{"frames":[%s]}}]}' % frames)])

    # 3. Many exceptions, each with many small frames.
    frame = '{"function":"f","filename":"a.py","lineno":1}'
    exc = '{"type":"E","value":"v","stacktrace":{"frames":[%s]}}' % ",".join([frame] * 300)
    ndjson(os.path.join(out, "many-exceptions-many-frames.ndjson"),
           [event_with('"exception":{"values":[%s]}' % ",".join([exc] * n(4000)))])

    # 4. Nesting 100,000 deep, in a field and as the whole record.
    deep = "[" * 100_000 + "]" * 100_000
    ndjson(os.path.join(out, "deep-nesting.ndjson"), [event_with('"extra":{"x":%s}' % deep), deep])

    # 5. A 60 MB message (regular expressions over it) and a 60 MB exception value.
    text = ("0x1f 192.168.0.1 2024-01-01T00:00:00 " * n(1_500_000))[: n(60_000_000)]
    ndjson(os.path.join(out, "huge-message.ndjson"), [event_with('"message":%s' % json.dumps(text))])
    ndjson(os.path.join(out, "huge-exception-value.ndjson"),
           [event_with('"exception":{"values":[{"type":"E","value":%s}]}' % json.dumps(text))])

    # 6. Huge function names and paths (stack-rule globs over them).
    name = "a" * n(200_000)
    frames = ",".join(['{"function":"%s","module":"%s","filename":"%s.py","abs_path":"/%s","in_app":true}'
                       % (name, name, name, name)] * 60)
    ndjson(os.path.join(out, "huge-frame-strings.ndjson"),
           [event_with('"exception":{"values":[{"type":"E","value":"v","stacktrace":{"frames":[%s]}}]}' % frames)])

    # 7. Envelopes with malformed item lengths, valid items after them.
    env = [b'{"event_id":"%s"}' % (b"d" * 32)]
    for bad in [b"-1", b'"12"', b"1.5", b"99999999999999999999999", b"18446744073709551615", b"1e400"]:
        env.append(b'{"type":"event","length":%s}' % bad)
        env.append(b'{"message":"bad length"}')
    env.append(b'{"type":"event"}')
    env.append(json.dumps(VALID_AFTER).encode())
    with open(os.path.join(out, "bad-envelope-lengths.envelope"), "wb") as f:
        f.write(b"\n".join(env) + b"\n")

    # 8. Decompression bombs: gzip and zlib of zeros at ~1000:1.
    with gzip.open(os.path.join(out, "bomb.ndjson.gz"), "wb", compresslevel=9) as f:
        f.write(json.dumps(VALID_BEFORE).encode() + b"\n")
        chunk = b"\0" * (1 << 20)
        for _ in range(n(8_000)):
            f.write(chunk)
    with open(os.path.join(out, "bomb.zlib"), "wb") as f:
        c = zlib.compressobj(9)
        f.write(c.compress(json.dumps(VALID_BEFORE).encode() + b"\n"))
        chunk = b" " * (1 << 20)
        for _ in range(n(8_000)):
            f.write(c.compress(chunk))
        f.write(c.flush())

    # 9. Invalid UTF-8 everywhere.
    bad = b'{"event_id":"' + b"e" * 32 + b'","message":"' + (b"\xff\xfe\xc0\x80" * n(5_000_000)) + b'"}'
    ndjson(os.path.join(out, "invalid-utf8.ndjson"), [bad])

    # 10. Lists of millions of empty elements: breadcrumbs, spans, tags, contexts, headers.
    m = n(4_000_000)
    ndjson(os.path.join(out, "million-breadcrumbs.ndjson"),
           [event_with('"breadcrumbs":{"values":[%s]}' % ",".join(["{}"] * m))])
    ndjson(os.path.join(out, "million-spans.ndjson"),
           ['{"event_id":"%s","type":"transaction","transaction":"t","start_timestamp":1,"timestamp":2,'
            '"contexts":{"trace":{"trace_id":"%s","span_id":"%s"}},"spans":[%s]}'
            % ("f" * 32, "1" * 32, "2" * 16, ",".join(["{}"] * m))])
    ndjson(os.path.join(out, "million-tags.ndjson"), [event_with('"tags":[%s]' % ",".join(['["k","v"]'] * m))])
    ndjson(os.path.join(out, "million-contexts.ndjson"),
           [event_with('"contexts":{%s}' % ",".join('"c%d":{}' % i for i in range(n(2_000_000))))])
    ndjson(os.path.join(out, "million-headers.ndjson"),
           [event_with('"request":{"url":"http://x/","headers":[%s]}' % ",".join(['["h","v"]'] * m))])

    # 11. Millions of tiny records.
    with open(os.path.join(out, "tiny-records.ndjson"), "wb") as f:
        f.write(json.dumps(VALID_BEFORE).encode() + b"\n")
        f.write(b"{}\n" * n(5_000_000))
        f.write(json.dumps(VALID_AFTER).encode() + b"\n")

    # 12. Timestamps far outside 1970-9999.
    lines = []
    for i, ts in enumerate(["1e300", "-1e300", "9223372036854775807", "-9223372036854775808", '"99999-01-01T00:00:00Z"',
                            '"0000-01-01T00:00:00Z"', "1.7976931348623157e308"]):
        lines.append(event_with('"timestamp":%s,"message":"ts %d","breadcrumbs":[{"timestamp":%s}]' % (ts, i, ts),
                                event_id="%032x" % (i + 1)))
    ndjson(os.path.join(out, "timestamps-out-of-range.ndjson"), lines)

    # 13. One JSON array of a million tiny non-events and events.
    with open(os.path.join(out, "array-of-many.json"), "wb") as f:
        f.write(b"[" + json.dumps(VALID_BEFORE).encode())
        f.write(b',{"message":"m"}' * n(2_000_000))
        f.write(b"," + json.dumps(VALID_AFTER).encode() + b"]")

    # 14b. A span container whose 200,000 spans form one parent chain.
    items = []
    for i in range(n(200_000)):
        span = '{"trace_id":"%s","span_id":"%016x","start_timestamp":1700000000,"end_timestamp":1700000001' % ("1" * 32, i + 1)
        if i:
            span += ',"parent_span_id":"%016x"' % i
        items.append(span + "}")
    payload = ('{"items":[' + ",".join(items) + "]}").encode()
    with open(os.path.join(out, "span-chain.envelope"), "wb") as f:
        f.write(b'{"event_id":"%s"}\n' % (b"e" * 32))
        f.write(b'{"type":"span","content_type":"application/vnd.sentry.items.span.v2+json","length":%d}\n' % len(payload))
        f.write(payload + b"\n")
        f.write(b'{"type":"event"}\n' + json.dumps(VALID_AFTER).encode() + b"\n")

    # 14. An envelope of a million empty items.
    with open(os.path.join(out, "many-envelope-items.envelope"), "wb") as f:
        f.write(b'{}\n{"type":"event"}\n' + json.dumps(VALID_BEFORE).encode() + b"\n")
        f.write(b'{"type":"session","length":2}\n{}\n' * n(1_000_000))
        f.write(b'{"type":"event"}\n' + json.dumps(VALID_AFTER).encode() + b"\n")


if __name__ == "__main__":
    main()
