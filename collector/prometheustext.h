// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <type_traits>

// Writing the Prometheus text exposition format (what GET /metrics answers).
namespace traceflow::prometheus {

// A label value with backslash, double quote and newline escaped, as the format requires.
QByteArray label(const QString &value);
// The "# HELP" and "# TYPE" lines of a metric family.
void header(QByteArray &out, const char *name, const char *type, const char *help);
// One sample line; labels are the text between the braces ("route=\"/api/spans\""), or empty.
void sampleText(QByteArray &out, const char *name, const QByteArray &labels,
                const QByteArray &value);

inline void sample(QByteArray &out, const char *name, const QByteArray &labels, double value)
{
    sampleText(out, name, labels, QByteArray::number(value, 'g', 17));
}
// Counters stay exact beyond 2^53.
template<typename Integer>
    requires std::is_integral_v<Integer>
void sample(QByteArray &out, const char *name, const QByteArray &labels, Integer value)
{
    sampleText(out, name, labels, QByteArray::number(value));
}

// A metric family with one unlabelled sample: its "# HELP"/"# TYPE" lines and the sample.
template<typename Value>
void metric(QByteArray &out, const char *name, const char *type, const char *help, Value value)
{
    header(out, name, type, help);
    sample(out, name, {}, value);
}

} // namespace traceflow::prometheus
