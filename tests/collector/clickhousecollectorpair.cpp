// SPDX-License-Identifier: MIT
#include "clickhousecollectorpair.h"

#include "clickhouseserver.h"

namespace traceflow {

ClickHouseCollectorPair::ClickHouseCollectorPair(const ClickHouseServer &server,
                                                 const QString &database)
    : m_memory(server.collectorArgs(database, m_memorySpill.path())),
      m_clickhouse(server.collectorArgs(database, m_clickhouseSpill.path())
                   << QStringLiteral("--storage") << QStringLiteral("clickhouse"))
{
}

} // namespace traceflow
