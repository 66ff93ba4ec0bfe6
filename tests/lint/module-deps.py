#!/usr/bin/env python3
# The module dependency picture: for each folder of core/, ui/ and app/, the folders
# its #include "folder/file.h" lines reach. Usage: tests/lint/module-deps.py [REPO_DIR]
import os, re, sys, collections
root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
edges = collections.defaultdict(set)
for top in ("core", "ui", "app"):
    for d, _, fs in os.walk(os.path.join(root, top)):
        for f in fs:
            if not f.endswith((".cpp", ".h")): continue
            p = os.path.join(d, f); rel = os.path.relpath(p, root).split(os.sep)
            mod = "/".join(rel[:2]) if len(rel) > 2 else rel[0]
            for line in open(p, errors="replace"):
                m = re.match(r'#include "(([a-z_]+)/[^"]+)"', line)
                if not m: continue
                t = m.group(2)
                cands = [x for x in ("ui", "core", "app") if os.path.isfile(os.path.join(root, x, m.group(1)))]
                if top in cands: tgt = top + "/" + t
                elif cands: tgt = cands[0] + "/" + t
                else: continue
                if tgt != mod: edges[mod].add(tgt)
for m in sorted(edges): print(f"{m:18} -> {', '.join(sorted(edges[m]))}")
