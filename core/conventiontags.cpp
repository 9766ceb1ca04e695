// SPDX-License-Identifier: MIT
#include "conventiontags.h"

#include <algorithm>

namespace traceflow {

ConventionTags::Fields ConventionTags::extract(std::vector<Attributes::Item> *items,
                                               ErrorTag errorTag)
{
    Fields f;
    std::optional<QString> description;
    std::optional<AttributeValue> error;
    QString libraryName;
    QString libraryVersion;
    auto take = [&](const Attributes::Item &item) {
        const QString &key = item.first;
        const AttributeValue &value = item.second;
        const QString text = value.toString();
        if (key == u"otel.status_code") {
            StatusCode code = StatusCode::Unset;
            if (!statusFromName(text, &code))
                return false;
            f.status = code;
        } else if (key == u"otel.status_description") {
            description = text;
        } else if (key == u"error") {
            error = value;
        } else if (key == u"span.kind") {
            const SpanKind kind = spanKindFromName(text);
            if (kind == SpanKind::Unspecified)
                return false;
            f.kind = kind;
        } else if (key == u"otel.scope.name") {
            f.scopeName = text;
        } else if (key == u"otel.scope.version") {
            f.scopeVersion = text;
        } else if (key == u"otel.library.name") {
            libraryName = text;
        } else if (key == u"otel.library.version") {
            libraryVersion = text;
        } else if (key == u"w3c.tracestate") {
            f.traceState = text;
        } else {
            return false;
        }
        return true;
    };
    std::erase_if(*items, take);

    // The pre-1.0 "otel.library.*" names count only when the current ones are absent.
    if (f.scopeName.isEmpty())
        f.scopeName = libraryName;
    if (f.scopeVersion.isEmpty())
        f.scopeVersion = libraryVersion;
    if (error && !f.status) {
        if (errorTag == ErrorTag::Message) {
            f.status = StatusCode::Error;
            f.statusMessage = error->toString();
        } else if (error->toBool()) {
            f.status = StatusCode::Error;
        } else if (error->toString().compare(u"false", Qt::CaseInsensitive) != 0) {
            // Not a boolean: keep the tag rather than guess.
            items->emplace_back(QStringLiteral("error"), *error);
        }
    } else if (error && errorTag == ErrorTag::Message && f.status == StatusCode::Error) {
        f.statusMessage = error->toString();
    }
    if (description)
        f.statusMessage = *description;
    return f;
}

} // namespace traceflow
