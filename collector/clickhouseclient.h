// SPDX-License-Identifier: MIT
#pragma once

#include "clickhouseconfig.h"
#include "clickhouseerror.h"

#include <QByteArray>
#include <QString>


namespace traceflow {

// A blocking client for ClickHouse's HTTP interface, for worker threads (the sink's thread,
// the collector's query pool): each call opens a connection, sends one POST and waits for the
// whole answer with a deadline, so no event loop is needed and a dead server costs at most
// the timeout. Safe to use from several threads at once (no shared state besides the config).
class ClickHouseClient
{
public:
    struct Reply
    {
        int status = 0;   // the HTTP status; 0 when ClickHouse could not be reached or timed out
        QByteArray body;  // the result, or ClickHouse's error text
        QString error;    // empty on success
        bool ok() const { return status == 200; }
    };

    explicit ClickHouseClient(const ClickHouseConfig &config) : m_config(config) {}

    // Runs sql. With data, sql goes in the URL and data is the request body (INSERT ... FORMAT
    // TabSeparated); without, sql is the body. Tables are named with their database.
    Reply execute(const QByteArray &sql, const QByteArray &data = {}) const;
    // execute(), throwing ClickHouseError unless it succeeded.
    QByteArray query(const QByteArray &sql) const;

    const ClickHouseConfig &config() const { return m_config; }

private:
    ClickHouseConfig m_config;
};

} // namespace traceflow
