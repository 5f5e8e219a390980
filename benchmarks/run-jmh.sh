#!/usr/bin/env bash
# Runs the JMH benchmarks (after `mvn install -DskipTests`). Extra arguments go to JMH,
# e.g. ./run-jmh.sh -f 1 -wi 3 -i 5 SipParse
set -euo pipefail
cd "$(dirname "$0")"
[ -f target/classpath.txt ] || mvn -B -q -f ../pom.xml -pl benchmarks -am install -DskipTests
exec java -cp "target/classes:$(cat target/classpath.txt)" org.openjdk.jmh.Main "$@"
