#!/usr/bin/env bash
# The whole benchmark suite in one command (about 35 minutes on 2 cores): builds the bench module,
# then runs each benchmark and keeps its output in bench/target/results/. BENCHMARKS.md explains
# every figure and how it was made. Needs JDK 17+, Maven, wrk and taskset (apt-get install wrk); the
# proxy harness's upstream is nginx (apt-get install nginx-light) or, without it, the JDK's HTTP server.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "bench: taskset is missing (apt-get install util-linux)" >&2; exit 1; }
[ "$(nproc)" -ge 2 ] || { echo "bench: needs 2 cores: the server on one, the load generator on the other" >&2; exit 1; }

mvn -B -q -Pbench -DskipTests package -pl bench -am
jar=bench/target/palisade-bench.jar
out=bench/target/results
rm -rf "$out" && mkdir -p "$out"
quiet() { grep -v -E "INFO|Unsupported JavaFX|PlatformImpl startup" || true; }
took() { echo "   ($1 took $SECONDS s so far)"; }

echo "== machine" | tee "$out/machine.txt"
{ lscpu | grep -E "Model name|^CPU\(s\)|Thread|MHz" ; free -g | head -2; java -version 2>&1 | head -1; } | tee -a "$out/machine.txt"

echo "== 1. engine: JMH, one decision and each check (-prof gc for GC counts)"
java -jar "$jar" EngineBenchmark -prof gc -rf json -rff "$out/jmh.json" 2>&1 | tee "$out/jmh.txt" \
  | grep -E "^\[palisade\]|^EngineBenchmark.decide |^Benchmark" || true
# the same pipeline with each call's text not read first, as section 1 measured it until 2026-12-01 (section 2k)
java -jar "$jar" EngineBenchmark -p part=pipeline -p request=cold 2>&1 | tee -a "$out/jmh.txt" \
  | grep -E "^\[palisade\]" || true
# and with 1 MB of other memory written between decisions, as a server's own work does (section 2l)
java -jar "$jar" EngineBenchmark -p part=pipeline,protect -p request=evicted 2>&1 \
  | tee -a "$out/jmh.txt" | grep -E "^\[palisade\]" || true
took "jmh"

echo "== 2. load: one Jetty server, A unprotected / B protected, server on cpu 0, wrk on cpu 1"
# a void run (requests refused: the INVALID line names why) is reported, and the rest of the suite goes on
void() { echo "   (void run: $1; see the INVALID line above)" | tee -a "$out/void.txt"; }
taskset -c 0 java -Xms1g -Xmx1g -cp "$jar" dev.palisade.bench.LoadHarness 3 12 16 1 2>&1 | quiet | tee "$out/load.txt" \
  || void LoadHarness
for mode in sampled all; do
  echo "   … with allowedEvents $mode (what storing allowed calls as events costs)"
  taskset -c 0 java -Xms1g -Xmx1g -Dbench.allowedEvents=$mode -cp "$jar" dev.palisade.bench.LoadHarness 3 6 16 1 2>&1 \
    | quiet | grep -E "^load:|^unprotected|^protected|ratio:|events written|INVALID" | sed "s/^ratio:/ratio ($mode):/" \
    | tee -a "$out/load-modes.txt" || void "LoadHarness $mode"
done
took "LoadHarness"

echo "== 2b. reverse-proxy mode: a public path against a protected one, one Palisade in front of a fast upstream"
taskset -c 0 java -Xms1g -Xmx1g -cp "$jar" dev.palisade.bench.ProxyHarness 12 3 16 1 2>&1 | quiet | tee "$out/proxy.txt" \
  || void ProxyHarness
took "ProxyHarness"

if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
  echo "== 2e. behind nginx: nginx alone against nginx asking Palisade's decision listener (docs/gateways/nginx.conf)"
  taskset -c 0 java -Xms1g -Xmx1g -cp "$jar" dev.palisade.bench.GatewayHarness 12 3 16 1 2>&1 | quiet | tee "$out/gateway.txt" \
    || void GatewayHarness
  took "GatewayHarness"
else
  echo "== 2e. skipped: the gateway harness needs nginx (apt-get install nginx)"
fi

if command -v redis-server >/dev/null; then
  echo "== 8. one node alone against the same node on Redis (--cluster), and the nonce round trip"
  taskset -c 0 java -Xms1g -Xmx1g -cp "$jar" dev.palisade.bench.ClusterHarness 12 3 16 1 2>&1 | quiet | tee "$out/cluster.txt" \
    || void ClusterHarness
  took "ClusterHarness"
else
  echo "== 8. skipped: the cluster harness needs redis-server (apt-get install redis-server)"
fi

echo "== 3. memory per live session"
java -Xmx2g -cp "$jar" dev.palisade.bench.SessionMemory 100000 histogram 2>&1 | quiet | tee "$out/memory.txt"
java -Xmx6g -cp "$jar" dev.palisade.bench.SessionMemory 1000000 2>&1 | quiet | tee -a "$out/memory.txt"
java -Xmx1g -cp "$jar" dev.palisade.engine.signature.NonceMemory 25000 30 2>&1 | quiet | tee -a "$out/memory.txt"
took "SessionMemory"

echo "== 4. event pipeline into SQLite"
java -Xmx2g -cp "$jar" dev.palisade.bench.EventThroughput 4 2>&1 | quiet | tee "$out/events.txt"
took "EventThroughput"

echo "== 5. console: FX pauses at 10k events/s with 100k sessions, one minute after 8 s of warm-up"
java -Xmx3g -cp "$jar" dev.palisade.console.ConsolePauses 100000 10000 60 2>&1 | quiet | tee "$out/console.txt"
echo "   … and with the server in a JVM of its own (as with --remote)"
java -Xmx1g -cp "$jar" dev.palisade.console.ConsolePauses 100000 10000 60 remote 2>&1 | quiet | tee -a "$out/console.txt"
took "ConsolePauses"

echo "== 6. the attacker ladder: the server's cost of a page, a bootstrap and a login; a person's wait in Chromium"
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  java -cp "$jar" dev.palisade.bench.LadderCost 40 12 13 14 15 16 2>&1 | quiet | tee "$out/ladder.txt"
else
  echo "   skipped: needs Debian's chromium and chromium-driver" | tee "$out/ladder.txt"
fi
took "LadderCost"

echo "== 7. logins under a password-guessing flood (default KDF)"
java -cp "$jar" dev.palisade.bench.LoginFlood 12 20 2>&1 | quiet | grep -v "real login refused" | tee "$out/login-flood.txt"
took "LoginFlood"

echo "== summary"
grep -h -E "^\[palisade\]|ratio:|^unprotected|^protected|^public|^p99|per live session|nonce store:|sustained|drops start|longest" \
  "$out"/jmh.txt "$out"/load.txt "$out"/proxy.txt "$out"/memory.txt "$out"/events.txt "$out"/console.txt | tee "$out/summary.txt"
# the harnesses a run may skip (no nginx, no redis-server): their ratios when they ran
grep -h -E "ratio( \([a-z]+\))?:" "$out"/gateway.txt "$out"/cluster.txt "$out"/load-modes.txt 2>/dev/null | tee -a "$out/summary.txt" || true
grep -h -E "^server:|^native:|^person:" "$out"/ladder.txt | tee -a "$out/summary.txt" || true
grep -h -E "^no flood|^flood" "$out"/login-flood.txt | tee -a "$out/summary.txt" || true
[ ! -f "$out/void.txt" ] || tee -a "$out/summary.txt" < "$out/void.txt"
