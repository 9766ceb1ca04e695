// SPDX-License-Identifier: MIT
#include "spanjsonwriter.h"

#include <cmath>

namespace traceflow {

namespace {
void appendText(const QString &text, QByteArray *out)
{
    SpanJsonWriter::appendString(text.toUtf8(), out);
}

// Doubles keep a fraction or exponent, so they decode as doubles again; non-finite ones are
// written as the strings JsonValues uses for them.
void appendDouble(double d, QByteArray *out)
{
    if (!std::isfinite(d)) {
        out->append(std::isnan(d) ? "\"NaN\"" : d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        return;
    }
    const QByteArray text = QByteArray::number(d, 'g', 17);
    out->append(text);
    if (!text.contains('.') && !text.contains('e'))
        out->append(".0");
}

template<typename T, typename Write> void appendList(const QList<T> &list, QByteArray *out, Write write)
{
    out->append('[');
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (i > 0)
            out->append(',');
        write(list[i]);
    }
    out->append(']');
}

void appendValue(const AttributeValue &value, QByteArray *out)
{
    switch (value.type()) {
    case AttributeValue::Type::Empty:
        out->append("null");
        return;
    case AttributeValue::Type::String:
        appendText(value.toString(), out);
        return;
    case AttributeValue::Type::Bool:
        out->append(value.toBool() ? "true" : "false");
        return;
    case AttributeValue::Type::Int:
        out->append(QByteArray::number(value.toInt()));
        return;
    case AttributeValue::Type::Double:
        appendDouble(value.toDouble(), out);
        return;
    case AttributeValue::Type::StringArray:
        appendList(value.toStringList(), out, [out](const QString &s) { appendText(s, out); });
        return;
    case AttributeValue::Type::BoolArray:
        appendList(value.toBoolList(), out, [out](bool b) { out->append(b ? "true" : "false"); });
        return;
    case AttributeValue::Type::IntArray:
        appendList(value.toIntList(), out, [out](qint64 n) { out->append(QByteArray::number(n)); });
        return;
    case AttributeValue::Type::DoubleArray:
        appendList(value.toDoubleList(), out, [out](double d) { appendDouble(d, out); });
        return;
    }
    out->append("null");
}

void appendField(const char *name, QByteArray *out)
{
    out->append(",\"");
    out->append(name);
    out->append("\":");
}
} // namespace

void SpanJsonWriter::appendString(QByteArrayView utf8, QByteArray *out)
{
    static const char hex[] = "0123456789abcdef";
    out->append('"');
    qsizetype plain = 0; // start of the run of bytes needing no escape
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out->append(utf8.data() + plain, i - plain);
        plain = i + 1;
        switch (c) {
        case '"': out->append("\\\""); break;
        case '\\': out->append("\\\\"); break;
        case '\n': out->append("\\n"); break;
        case '\t': out->append("\\t"); break;
        case '\r': out->append("\\r"); break;
        default:
            out->append("\\u00");
            out->append(hex[c >> 4]);
            out->append(hex[c & 15]);
        }
    }
    out->append(utf8.data() + plain, utf8.size() - plain);
    out->append('"');
}

void SpanJsonWriter::appendAttributes(const Attributes &attributes, QByteArray *out)
{
    out->append('{');
    for (int i = 0; i < attributes.size(); ++i) {
        if (i > 0)
            out->append(',');
        appendText(attributes.keyAt(i), out);
        out->append(':');
        appendValue(attributes.valueAt(i), out);
    }
    out->append('}');
}

void SpanJsonWriter::append(const Span &span, QByteArray *out)
{
    out->append("{\"trace_id\":");
    appendText(span.traceId.toString(), out);
    appendField("span_id", out);
    appendText(span.spanId.toString(), out);
    appendField("parent_span_id", out);
    appendText(span.parentSpanId.toString(), out);
    appendField("service", out);
    appendText(span.service(), out);
    appendField("operation", out);
    appendText(span.operation(), out);
    appendField("kind", out);
    appendText(spanKindName(span.kind), out);
    appendField("start_unix_nano", out);
    out->append(QByteArray::number(span.startNs));
    appendField("duration_nano", out);
    out->append(QByteArray::number(span.durationNs));
    appendField("status", out);
    appendText(statusName(span.status), out);
    if (const QString message = span.statusMessage(); !message.isEmpty()) {
        appendField("status_message", out);
        appendText(message, out);
    }
    if (const QString state = span.traceState(); !state.isEmpty()) {
        appendField("trace_state", out);
        appendText(state, out);
    }
    appendField("attributes", out);
    appendAttributes(span.attributes, out);

    const SpanOrigin *origin = span.origin().constData();
    auto [cached, inserted] = m_origins.try_emplace(origin);
    if (inserted) {
        QByteArray &part = cached->second;
        appendField("resource", &part);
        appendAttributes(span.resource(), &part);
        appendField("scope", &part);
        part.append("{\"name\":");
        appendText(span.scopeName(), &part);
        part.append(",\"version\":");
        appendText(span.scopeVersion(), &part);
        part.append('}');
    }
    out->append(cached->second);

    if (!span.events().empty()) {
        appendField("events", out);
        out->append('[');
        bool first = true;
        for (const SpanEvent &event : span.events()) {
            out->append(first ? "{\"name\":" : ",{\"name\":");
            first = false;
            appendText(event.name, out);
            appendField("time_unix_nano", out);
            out->append(QByteArray::number(event.timeNs));
            appendField("attributes", out);
            appendAttributes(event.attributes, out);
            out->append('}');
        }
        out->append(']');
    }
    if (!span.links().empty()) {
        appendField("links", out);
        out->append('[');
        bool first = true;
        for (const SpanLink &link : span.links()) {
            out->append(first ? "{\"trace_id\":" : ",{\"trace_id\":");
            first = false;
            appendText(link.traceId.toString(), out);
            appendField("span_id", out);
            appendText(link.spanId.toString(), out);
            if (!link.traceState.isEmpty()) {
                appendField("trace_state", out);
                appendText(link.traceState, out);
            }
            appendField("attributes", out);
            appendAttributes(link.attributes, out);
            out->append('}');
        }
        out->append(']');
    }
    out->append('}');
}

} // namespace traceflow
