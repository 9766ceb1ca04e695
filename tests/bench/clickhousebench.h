// SPDX-License-Identifier: MIT
#pragma once

// ClickHouse write-through figures, against a clickhouse-server started for the run (see
// tests/collector/clickhouseserver.h); a comment and no figures when it is not installed.
// "BENCH clickhouse_write_spans_per_s": the ClickHouseSink alone, in this process, standard
// spans pushed as fast as its queue takes them, until ClickHouse holds them all (TabSeparated
// encoding + HTTP + the server's insert, wall clock). "BENCH ingest_with_clickhouse_spans_per_s":
// the real collector with --clickhouse-url, OTLP protobuf posted for `seconds`, until every
// accepted span is in ClickHouse. "BENCH clickhouse_bytes_per_span": compressed bytes on disk.
// "BENCH clickhouse_stats_{last_hour,all}_ms": ClickHouseReader::statistics() over the last hour
// and with no window, on 10 million spans over 30 days.
void runClickHouseBenchmarks(int seconds, int connections);
