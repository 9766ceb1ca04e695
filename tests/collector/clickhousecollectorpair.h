// SPDX-License-Identifier: MIT
#pragma once

#include "collectorprocess.h"

#include <QString>
#include <QTemporaryDir>

namespace traceflow {

class ClickHouseServer;

// Two collectors writing through to one database of a ClickHouse server, each with its own
// spill folder: `memory` answers queries from its memory store, `clickhouse` runs with
// --storage clickhouse. The ClickHouse tests post spans to `memory` and compare the answers
// of both.
class ClickHouseCollectorPair
{
public:
    ClickHouseCollectorPair(const ClickHouseServer &server, const QString &database);

    // Starts both; false when either does not start (CollectorProcess::start()).
    bool start() { return m_memory.start() && m_clickhouse.start(); }

    CollectorProcess &memory() { return m_memory; }
    CollectorProcess &clickhouse() { return m_clickhouse; }

private:
    QTemporaryDir m_memorySpill;
    QTemporaryDir m_clickhouseSpill;
    CollectorProcess m_memory;
    CollectorProcess m_clickhouse;
};

} // namespace traceflow
