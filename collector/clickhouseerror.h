// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <stdexcept>

namespace traceflow {

// A failed ClickHouse call as the query API reports it: 503 when ClickHouse is unreachable or
// too slow, 502 when it answered with an error.
class ClickHouseError : public std::runtime_error
{
public:
    ClickHouseError(int httpStatus, const QString &message)
        : std::runtime_error(message.toStdString()), m_status(httpStatus) {}
    int httpStatus() const { return m_status; }

private:
    int m_status;
};

} // namespace traceflow
