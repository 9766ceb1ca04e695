// SPDX-License-Identifier: MIT
#include "spandata.h"

namespace traceflow::sdk {

void setAttribute(Attributes &attributes, const QString &key, const QVariant &value)
{
    for (Attribute &attribute : attributes) {
        if (attribute.key == key) {
            attribute.value = value;
            return;
        }
    }
    attributes.append({key, value});
}

QVariant attributeValue(const Attributes &attributes, QStringView key)
{
    for (const Attribute &attribute : attributes) {
        if (attribute.key == key)
            return attribute.value;
    }
    return {};
}

QString spanKindName(SpanKind kind)
{
    switch (kind) {
    case SpanKind::Internal:
        return QStringLiteral("internal");
    case SpanKind::Server:
        return QStringLiteral("server");
    case SpanKind::Client:
        return QStringLiteral("client");
    case SpanKind::Producer:
        return QStringLiteral("producer");
    case SpanKind::Consumer:
        return QStringLiteral("consumer");
    }
    return QStringLiteral("internal");
}

QString statusName(StatusCode status)
{
    switch (status) {
    case StatusCode::Unset:
        return QStringLiteral("unset");
    case StatusCode::Ok:
        return QStringLiteral("ok");
    case StatusCode::Error:
        return QStringLiteral("error");
    }
    return QStringLiteral("unset");
}

} // namespace traceflow::sdk
